/**
 * A missing external program fails with one line naming it and how to install it, before
 * anything starts: dnsmasq for the resolver tests and the DNS benchmark, Go for building the
 * Pulumi CLI (npm start, the engine tests, the benchmarks).
 */
import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDnsmasq } from "../../support/dnsmasq";
import { assertPulumiCliBuildable } from "../../support/pulumiRunner";
import { MissingToolError, onPath, requireTool } from "../../support/tools";

/** Runs `body` with PATH pointing at an empty directory. */
async function withEmptyPath<T>(body: () => Promise<T> | T): Promise<T> {
  const saved = process.env.PATH;
  const empty = mkdtempSync(join(tmpdir(), "apigw-vpc-empty-path-"));
  process.env.PATH = empty;
  try {
    return await body();
  } finally {
    process.env.PATH = saved;
    rmSync(empty, { recursive: true, force: true });
  }
}

/** The error a call throws or rejects with. */
async function errorOf(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (e) {
    return e;
  }
  assert.fail("expected an error");
}

describe("missing external tools", () => {
  it("finds a program on PATH, and not one that is absent", () => {
    assert.equal(onPath("node", { PATH: join(process.execPath, "..") }), true);
    assert.equal(onPath("node", { PATH: "" }), false);
  });

  it("startDnsmasq without dnsmasq: one line naming dnsmasq and its package, no spawn error", async () => {
    const error = await withEmptyPath(() => errorOf(() => startDnsmasq({ port: 5398, zones: ["example.com"], authority: "127.0.0.1:53" })));
    assert.ok(error instanceof MissingToolError, String(error));
    assert.match(error.message, /^dnsmasq is not installed .*apt-get install dnsmasq-base/);
    assert.equal(error.stack?.split("\n").length, 1, "a single line, no stack trace");
  });

  it("building the Pulumi CLI without Go: one line naming Go and how to install it", async () => {
    const noCli = mkdtempSync(join(tmpdir(), "apigw-vpc-no-cli-"));
    try {
      const error = await errorOf(() => assertPulumiCliBuildable(noCli, { PATH: "" }));
      assert.ok(error instanceof MissingToolError, String(error));
      assert.match(error.message, /^Go is not installed .*Pulumi CLI.*apt-get install golang-go/);
      assert.equal(error.stack?.split("\n").length, 1);
    } finally {
      rmSync(noCli, { recursive: true, force: true });
    }
  });

  it("an already built CLI needs no Go", () => {
    const cli = mkdtempSync(join(tmpdir(), "apigw-vpc-cli-"));
    try {
      writeFileSync(join(cli, "pulumi"), "");
      assert.doesNotThrow(() => assertPulumiCliBuildable(cli, { PATH: "" }));
    } finally {
      rmSync(cli, { recursive: true, force: true });
    }
  });

  it("requireTool reads the PATH it is given", () => {
    assert.throws(() => requireTool("dnsmasq", "this check", { PATH: "" }), MissingToolError);
  });
});
