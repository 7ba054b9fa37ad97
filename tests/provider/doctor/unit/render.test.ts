/** The diagnosis for people and machines: root cause first, colour only when asked (a TTY). */
import * as assert from "node:assert/strict";
import { renderJson, renderTable } from "../../../../provider/doctor/render";
import type { Diagnosis } from "../../../../provider/doctor/types";

const diagnosis: Diagnosis = {
  verdict: "broken",
  rootCause: "endpoint-security-group",
  checks: [
    { id: "api-exists", status: "pass", summary: "a1b2c3d4e5 (orders)", evidence: {} },
    {
      id: "endpoint-security-group",
      subject: "vpce-01234567",
      status: "fail",
      summary: "no ingress rule admits 10.0.3.4 on TCP 443",
      evidence: {},
      fix: "aws ec2 authorize-security-group-ingress …",
    },
    { id: "private-dns", subject: "vpce-01234567", status: "warn", summary: "on", evidence: {}, fix: "turn it off" },
    { id: "policy-deployed", status: "unknown", summary: "AWS does not show it", evidence: {}, unknownBecause: "limit" },
  ],
};

describe("doctor output (pure)", () => {
  it("puts the verdict, the root cause and its fix first, then warnings, then one line per check", () => {
    const lines = renderTable(diagnosis).split("\n");
    assert.equal(lines[0], "BROKEN: endpoint-security-group (vpce-01234567): no ingress rule admits 10.0.3.4 on TCP 443");
    assert.equal(lines[1], "  fix: aws ec2 authorize-security-group-ingress …");
    assert.match(lines[2], /^warn private-dns \(vpce-01234567\): on$/);
    const table = lines.slice(lines.indexOf("") + 1);
    assert.equal(table.length, 4);
    assert.match(table[1], /^FAIL endpoint-security-group +vpce-01234567 +no ingress rule/);
    assert.match(table[3], /^\? +policy-deployed +AWS does not show it$/);
  });

  it("colours only when asked", () => {
    const escape = "\u001b[";
    assert.equal(renderTable(diagnosis).includes(escape), false);
    assert.equal(renderTable(diagnosis, { colour: true }).includes(`${escape}31mBROKEN${escape}0m`), true);
  });

  it("JSON carries the result shape as is", () => {
    assert.deepEqual(JSON.parse(renderJson(diagnosis)), diagnosis);
  });
});
