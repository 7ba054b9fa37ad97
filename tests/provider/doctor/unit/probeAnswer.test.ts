/** What a probe's answer means: each answer AWS gives a private API caller, explained. */
import * as assert from "node:assert/strict";
import { explainProbe, type ProbeOutcome } from "../../../../provider/doctor/probeAnswer";

const denied = (tail: string) =>
  JSON.stringify({
    Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:a1b2c3d4e5/prod/GET/${tail}`,
  });

describe("probe answers (pure)", () => {
  const cases: [string, ProbeOutcome, string, boolean, string][] = [
    ["NXDOMAIN", { kind: "nxdomain", hostname: "a-b.execute-api.us-east-1.amazonaws.com" }, "NXDOMAIN", false, "endpoint-associated"],
    ["a connect timeout", { kind: "timeout", connected: false, timeoutMs: 3000 }, "connect timeout", false, "endpoint-security-group"],
    ["an unanswered request", { kind: "timeout", connected: true, timeoutMs: 3000 }, "no answer", false, "endpoint-security-group"],
    [
      "403 explicit deny",
      { kind: "http", status: 403, body: denied(" with an explicit deny") },
      "403 explicit deny",
      false,
      "resource-policy",
    ],
    [
      "403 explicit deny in the endpoint policy",
      { kind: "http", status: 403, body: denied(" with an explicit deny in a VPC endpoint policy") },
      "403 explicit deny",
      false,
      "endpoint-policy",
    ],
    ["403 no allow", { kind: "http", status: 403, body: denied("") }, "403 no allow", false, "resource-policy"],
    [
      '{"message":"Forbidden"}',
      { kind: "http", status: 403, body: '{"message":"Forbidden"}' },
      '403 {"message":"Forbidden"}',
      false,
      "endpoint-associated",
    ],
    [
      "Missing Authentication Token",
      { kind: "http", status: 403, body: '{"message":"Missing Authentication Token"}' },
      "403 Missing Authentication Token",
      false,
      "stage-deployed",
    ],
    [
      "500",
      { kind: "http", status: 500, body: '{"message": "Internal server error"}', errorType: "InternalServerErrorException" },
      "500",
      false,
      "vpc-link-status",
    ],
    ["504", { kind: "http", status: 504, body: '{"message": "Endpoint request timed out"}' }, "504", false, "vpc-link-status"],
    [
      "a signature AWS refuses",
      {
        kind: "http",
        status: 403,
        body: '{"message":"The security token included in the request is invalid."}',
        errorType: "UnrecognizedClientException",
      },
      "403 UnrecognizedClientException",
      false,
      "",
    ],
    ["200", { kind: "http", status: 200, body: "{}" }, "200", true, ""],
    ["404 from the integration", { kind: "http", status: 404, body: "{}" }, "404", true, ""],
  ];
  for (const [what, outcome, kind, reached, suspect] of cases) {
    it(`${what}: ${kind}${suspect ? `, suspect ${suspect}` : ""}`, () => {
      const e = explainProbe(outcome);
      assert.equal(e.kind, kind);
      assert.equal(e.reached, reached);
      if (suspect) assert.equal(e.suspects[0], suspect);
      assert.ok(e.meaning.length > 10);
    });
  }
});

describe("explainProbe: whom a denial names", () => {
  const denial = (who: string) =>
    explainProbe({
      kind: "http",
      status: 403,
      errorType: "AccessDeniedException",
      body: JSON.stringify({ Message: `User: ${who} is not authorized to perform: execute-api:Invoke on resource: arn` }),
    }).meaning;

  it('an unsigned probe: only Principal "*" applies, and --sign-probe sends it as you', () => {
    assert.match(denial("anonymous"), /unsigned.*Principal "\*".*--sign-probe/);
  });

  it("a signed probe: the denial is for that identity", () => {
    const arn = "arn:aws:sts::123456789012:assumed-role/app/s";
    assert.match(denial(arn), new RegExp(`signed as ${arn.replace(/[/]/g, "\\/")}`));
  });
});
