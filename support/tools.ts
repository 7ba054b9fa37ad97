/**
 * External programs the tests, the benchmarks and `npm start` need. A missing one fails with
 * one line that names it and says how to install it, before anything is started.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** How to install each external program. */
export const INSTALL_HINTS = {
  dnsmasq: "install it with `apt-get install dnsmasq-base` (Debian/Ubuntu) or `brew install dnsmasq` (macOS)",
  go: "install Go 1.24 or newer from https://go.dev/dl or your package manager (Debian/Ubuntu: `apt-get install golang-go`)",
  python3:
    "install Python 3.9 or newer with its venv module (Debian/Ubuntu: `apt-get install python3 python3-venv`; macOS: `brew install python`)",
} as const;

/** Where Debian puts system daemons such as dnsmasq: often missing from a normal user's PATH. */
export const SYSTEM_SBIN_DIRS = ["/usr/local/sbin", "/usr/sbin", "/sbin"] as const;

/** PATH with the system sbin folders appended where missing, so an installed dnsmasq is found. */
export function withSystemSbin(path: string = process.env.PATH ?? ""): string {
  const dirs = path.split(delimiter).filter(Boolean);
  return [...dirs, ...SYSTEM_SBIN_DIRS.filter((d) => !dirs.includes(d))].join(delimiter);
}

/** A program that is not on PATH. Its stack is its message alone: the message is the whole story. */
export class MissingToolError extends Error {
  constructor(
    readonly tool: string,
    purpose: string,
    hint: string,
  ) {
    super(`${tool} is not installed (not found on PATH); ${purpose} needs it: ${hint}`);
    this.name = "MissingToolError";
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** True if `command` is an executable file in one of PATH's directories. */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.PATH ?? "").split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Throws a MissingToolError unless `command` is on PATH. */
export function requireTool(command: keyof typeof INSTALL_HINTS, purpose: string, env: NodeJS.ProcessEnv = process.env): void {
  if (!onPath(command, env)) throw missingTool(command, purpose);
}

/** The one-line error for a missing program, with how to install it. */
export function missingTool(command: keyof typeof INSTALL_HINTS, purpose: string): MissingToolError {
  return new MissingToolError(command === "go" ? "Go" : command, purpose, INSTALL_HINTS[command]);
}
