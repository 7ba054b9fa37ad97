/**
 * Round-trips a dynamic provider through Pulumi's closure serialization (exactly what
 * `pulumi.dynamic.Resource` stores in state as `__provider`) and runs one of its methods in a
 * fresh Node process, as the engine's dynamic-provider host does.
 */
import * as pulumi from "@pulumi/pulumi";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const REPO_NODE_MODULES = resolve(__dirname, "../../node_modules");

/** The text Pulumi would store as `__provider` for this provider object. */
export async function serializeProvider(provider: object): Promise<string> {
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return serialized.text;
}

/**
 * Loads the serialized provider in a new Node process (with only the given environment) and
 * calls `method(...args)`; resolves with its JSON result, or rejects with its error message.
 */
export async function callInFreshProcess(text: string, method: string, args: unknown[], env: NodeJS.ProcessEnv): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), "apigw-vpc-provider-"));
  try {
    writeFileSync(join(dir, "provider.js"), text);
    writeFileSync(
      join(dir, "main.js"),
      `const provider = require("./provider.js").handler();
       provider[${JSON.stringify(method)}](...${JSON.stringify(args)})
         .then((r) => { process.stdout.write(JSON.stringify({ ok: r === undefined ? null : r })); })
         .catch((e) => { process.stdout.write(JSON.stringify({ error: String(e && e.message || e) })); });`,
    );
    const stdout = await new Promise<string>((done, fail) =>
      execFile(
        process.execPath,
        [join(dir, "main.js")],
        { env: { ...env, NODE_PATH: REPO_NODE_MODULES, NODE_NO_WARNINGS: "1" } },
        (err, out, stderr) => (err ? fail(new Error(`${err.message}\n${stderr}`)) : done(out)),
      ),
    );
    const result = JSON.parse(stdout) as { ok?: unknown; error?: string };
    if (result.error !== undefined) throw new Error(result.error);
    return result.ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
