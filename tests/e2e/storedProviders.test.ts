/**
 * The state contract covers every resource: with the package installed from its tarball, the
 * provider each dynamic resource stores in state (`__provider`) requires only the contract module
 * and asks it for its own kind, and stays small. A resource whose provider reached any other
 * module would tie users' state to that module's path.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installPackedConsumer } from "../../support/engine";
import * as contract from "../../provider/stateContract";
import * as types from "../../provider/types";

const CONTRACT_MODULE = "pulumi-apigw-vpc/dist/provider/stateContract.js";

/** Serializes every `…Provider` export of the installed package's provider modules (every resource folder), as `pulumi.dynamic.Resource` does. */
const SERIALIZE = `
const pulumi = require("@pulumi/pulumi");
const { readdirSync } = require("node:fs");
const { dirname, join } = require("node:path");
const dir = join(dirname(require.resolve("pulumi-apigw-vpc/package.json")), "dist/provider");
(async () => {
  const stored = {};
  for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"))) {
    const mod = require(join(dir, file));
    for (const [name, value] of Object.entries(mod)) {
      if (!name.endsWith("Provider") || typeof value !== "object" || typeof value.create !== "function") continue;
      stored[name] = (await pulumi.runtime.serializeFunction(() => value, { allowSecrets: true })).text;
    }
  }
  process.stdout.write(JSON.stringify(stored));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe("every resource's stored provider, from the installed package", function () {
  this.timeout(300_000);
  let dir = "";
  let stored: Record<string, string> = {};

  before(() => {
    dir = installPackedConsumer("export {};\n");
    writeFileSync(join(dir, "serialize.js"), SERIALIZE);
    stored = JSON.parse(execFileSync(process.execPath, ["serialize.js"], { cwd: dir, encoding: "utf8" })) as Record<string, string>;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("there is one stored provider per dynamic resource type, and one contract function per resource", () => {
    const dynamic = (Object.values(types) as unknown[])
      .filter((v): v is string => typeof v === "string" && v.startsWith("pulumi-nodejs:dynamic/apigw:"))
      .map((token) => token.split(":").pop() as string)
      .sort();
    assert.equal(Object.keys(stored).length, dynamic.length, Object.keys(stored).join(", "));
    const kinds = Object.entries(contract)
      .filter(([name, value]) => typeof value === "function" && /^[A-Z]/.test(name))
      .map(([name]) => name)
      .sort();
    assert.deepEqual(kinds, dynamic);
  });

  it("each requires only the contract module, asks for its own kind, and is at most 8 KB", () => {
    for (const [name, text] of Object.entries(stored)) {
      const requires = [...new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].filter((r) =>
        r.startsWith("pulumi-apigw-vpc"),
      );
      assert.deepEqual(requires, [CONTRACT_MODULE], name);
      const kind = name.charAt(0).toUpperCase() + name.slice(1, -"Provider".length);
      assert.match(text, new RegExp(`\\.${kind}\\(\\)`), `${name} asks the contract for ${kind}`);
      assert.ok(text.length <= 8 * 1024, `${name}: ${text.length} bytes`);
    }
  });
});
