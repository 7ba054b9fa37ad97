#!/usr/bin/env node
/**
 * apigw-vpc: the package's command line. `apigw-vpc doctor …` walks a private API's path and
 * names the broken link (see DOCTOR_USAGE). Exit status: 0 ok, 1 broken, 2 bad usage, AWS
 * unreadable, or an unknown verdict.
 */
import { AwsUnreadableError, diagnosePrivateApi, DoctorUsageError, renderJson, renderTable } from "./index";
import { DOCTOR_USAGE, parseDoctorArgs } from "./options";
import type { Diagnosis } from "./types";

// The SDK's notice about future Node.js versions would break the promise of one line on stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const USAGE = `Usage: apigw-vpc doctor --region REGION --rest-api-id ID [options]   (apigw-vpc doctor --help)`;

/** The exit status of a verdict. */
export function exitCodeOf(verdict: Diagnosis["verdict"]): number {
  return verdict === "ok" ? 0 : verdict === "broken" ? 1 : 2;
}

/** Runs the CLI with `argv` (after the node and script paths); returns the exit status. */
export async function runCli(
  argv: string[],
  out: NodeJS.WriteStream = process.stdout,
  err: NodeJS.WriteStream = process.stderr,
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h") {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== "doctor") {
    err.write(`apigw-vpc: ${command === undefined ? "a command is required" : `unknown command ${command}`}. ${USAGE}\n`);
    return 2;
  }
  try {
    const parsed = parseDoctorArgs(rest);
    if (parsed.help) {
      out.write(`${DOCTOR_USAGE}\n`);
      return 0;
    }
    const diagnosis = await diagnosePrivateApi(parsed.options);
    out.write(parsed.json ? renderJson(diagnosis) : `${renderTable(diagnosis, { colour: out.isTTY === true })}\n`);
    return exitCodeOf(diagnosis.verdict);
  } catch (e) {
    if (e instanceof DoctorUsageError || e instanceof AwsUnreadableError) {
      err.write(`apigw-vpc doctor: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`apigw-vpc doctor: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
