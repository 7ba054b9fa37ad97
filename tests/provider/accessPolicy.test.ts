/**
 * The shared policy evaluator held to IAM's policy evaluation logic, one table row per rule:
 * explicit Deny wins, no Allow is an implicit deny, Action/NotAction and Resource/NotResource
 * with wildcards, Principal, the condition operators with IfExists and the ForAnyValue/ForAllValues
 * set prefixes, missing keys; and the stored forms of a REST API policy.
 */
import * as assert from "node:assert/strict";
import {
  admitsOnTcp,
  combineIamAndResourceDecisions,
  evaluatePolicy,
  executeApiArn,
  expandExecuteApiShorthand,
  parsePolicy,
  PolicyDocumentError,
  storedPolicyString,
  type AccessDecision,
  type AccessRequest,
  type InboundRule,
  type PolicyStatement,
} from "../../provider/accessPolicy";

const API = { region: "us-east-1", accountId: "123456789012", restApiId: "a1b2c3d4e5" };
const GET_ORDERS = executeApiArn({ ...API, stage: "prod", method: "GET", path: "/orders/1" });
const VPCE_A = "vpce-0aaaaaaaaaaaaaaaa";
const VPCE_B = "vpce-0bbbbbbbbbbbbbbbb";
const allow = (extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Effect: "Allow",
  Principal: "*",
  Action: "execute-api:Invoke",
  Resource: "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*",
  ...extra,
});
const deny = (extra: Partial<PolicyStatement> = {}): PolicyStatement => ({ ...allow(extra), Effect: "Deny" });
const request = (context: AccessRequest["context"] = { "aws:SourceVpce": VPCE_A }, extra: Partial<AccessRequest> = {}): AccessRequest => ({
  action: "execute-api:Invoke",
  resource: GET_ORDERS,
  context,
  ...extra,
});

interface Row {
  rule: string;
  statements: PolicyStatement[];
  request?: AccessRequest;
  decision: "allow" | "explicit-deny" | "implicit-deny";
  index?: number;
}

const ROWS: Row[] = [
  { rule: "no statement matches: implicit deny", statements: [], decision: "implicit-deny" },
  { rule: "a matching Allow allows", statements: [allow({ Sid: "open" })], decision: "allow", index: 0 },
  { rule: "an explicit Deny wins over an Allow, in any order", statements: [allow(), deny()], decision: "explicit-deny", index: 1 },
  {
    rule: "the documented private API policy: allow all, deny other endpoints (this endpoint)",
    statements: [allow(), deny({ Condition: { StringNotEquals: { "aws:SourceVpce": VPCE_A } } })],
    decision: "allow",
    index: 0,
  },
  {
    rule: "the documented private API policy: another endpoint is denied",
    statements: [allow(), deny({ Condition: { StringNotEquals: { "aws:SourceVpce": VPCE_A } } })],
    request: request({ "aws:SourceVpce": VPCE_B }),
    decision: "explicit-deny",
    index: 1,
  },
  {
    rule: "StringEquals with several values is an OR",
    statements: [allow({ Condition: { StringEquals: { "aws:SourceVpce": [VPCE_B, VPCE_A] } } })],
    decision: "allow",
  },
  {
    rule: "StringNotEquals with several values is a NOR",
    statements: [allow(), deny({ Condition: { StringNotEquals: { "aws:SourceVpce": [VPCE_B, VPCE_A] } } })],
    decision: "allow",
  },
  {
    rule: "condition keys are case-insensitive, values are not",
    statements: [allow({ Condition: { StringEquals: { "AWS:SOURCEVPCE": VPCE_A.toUpperCase() } } })],
    decision: "implicit-deny",
  },
  {
    rule: "StringLike takes * and ? wildcards",
    statements: [allow({ Condition: { StringLike: { "aws:SourceVpc": "vpc-0a?c*" } } })],
    request: request({ "aws:SourceVpc": "vpc-0abc123" }),
    decision: "allow",
  },
  {
    rule: "StringNotLike negates the match",
    statements: [allow({ Condition: { StringNotLike: { "aws:SourceVpc": "vpc-0a*" } } })],
    request: request({ "aws:SourceVpc": "vpc-0abc123" }),
    decision: "implicit-deny",
  },
  {
    rule: "a missing key fails a positive operator",
    statements: [allow({ Condition: { StringEquals: { "aws:SourceVpce": VPCE_A } } })],
    request: request({}),
    decision: "implicit-deny",
  },
  {
    rule: "a missing key satisfies a negated operator",
    statements: [allow(), deny({ Condition: { StringNotEquals: { "aws:SourceVpce": VPCE_A } } })],
    request: request({}),
    decision: "explicit-deny",
  },
  {
    rule: "IfExists: a missing key satisfies the condition",
    statements: [allow({ Condition: { StringEqualsIfExists: { "aws:SourceVpce": VPCE_B } } })],
    request: request({}),
    decision: "allow",
  },
  {
    rule: "IfExists: a present key is tested",
    statements: [allow({ Condition: { StringEqualsIfExists: { "aws:SourceVpce": VPCE_B } } })],
    decision: "implicit-deny",
  },
  {
    rule: "IpAddress matches a CIDR block",
    statements: [allow({ Condition: { IpAddress: { "aws:VpcSourceIp": "10.0.0.0/16" } } })],
    request: request({ "aws:VpcSourceIp": "10.0.44.5" }),
    decision: "allow",
  },
  {
    rule: "IpAddress matches a single address without a prefix",
    statements: [allow({ Condition: { IpAddress: { "aws:SourceIp": "203.0.113.7" } } })],
    request: request({ "aws:SourceIp": "203.0.113.7" }),
    decision: "allow",
  },
  {
    rule: "IpAddress outside the block",
    statements: [allow({ Condition: { IpAddress: { "aws:VpcSourceIp": "10.0.0.0/16" } } })],
    request: request({ "aws:VpcSourceIp": "10.1.0.5" }),
    decision: "implicit-deny",
  },
  {
    rule: "NotIpAddress in a Deny refuses addresses outside the blocks",
    statements: [allow(), deny({ Condition: { NotIpAddress: { "aws:VpcSourceIp": ["10.0.0.0/16", "192.168.0.0/24"] } } })],
    request: request({ "aws:VpcSourceIp": "172.16.0.1" }),
    decision: "explicit-deny",
  },
  {
    rule: "IpAddress handles IPv6",
    statements: [allow({ Condition: { IpAddress: { "aws:SourceIp": "2001:db8::/32" } } })],
    request: request({ "aws:SourceIp": "2001:db8::1" }),
    decision: "allow",
  },
  {
    rule: "ForAnyValue: one request value in the set is enough",
    statements: [allow({ Condition: { "ForAnyValue:StringEquals": { "aws:SourceVpce": [VPCE_A] } } })],
    request: request({ "aws:SourceVpce": [VPCE_B, VPCE_A] }),
    decision: "allow",
  },
  {
    rule: "ForAnyValue: a missing key is false",
    statements: [allow({ Condition: { "ForAnyValue:StringEquals": { "aws:SourceVpce": [VPCE_A] } } })],
    request: request({}),
    decision: "implicit-deny",
  },
  {
    rule: "ForAllValues: every request value must be in the set",
    statements: [allow({ Condition: { "ForAllValues:StringEquals": { "aws:SourceVpce": [VPCE_A] } } })],
    request: request({ "aws:SourceVpce": [VPCE_B, VPCE_A] }),
    decision: "implicit-deny",
  },
  {
    rule: "ForAllValues: a missing key is true",
    statements: [allow({ Condition: { "ForAllValues:StringEquals": { "aws:SourceVpce": [VPCE_A] } } })],
    request: request({}),
    decision: "allow",
  },
  {
    rule: "every operator and every key of a Condition must hold (AND)",
    statements: [
      allow({
        Condition: { StringEquals: { "aws:SourceVpce": VPCE_A, "aws:SourceVpc": "vpc-1" }, IpAddress: { "aws:VpcSourceIp": "10.0.0.0/8" } },
      }),
    ],
    request: request({ "aws:SourceVpce": VPCE_A, "aws:SourceVpc": "vpc-1", "aws:VpcSourceIp": "11.0.0.1" }),
    decision: "implicit-deny",
  },
  {
    rule: "an unknown operator never matches",
    statements: [allow({ Condition: { DateGreaterThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } } })],
    decision: "implicit-deny",
  },
  { rule: "Action wildcard", statements: [allow({ Action: "execute-api:*" })], decision: "allow" },
  { rule: "Action matching ignores case", statements: [allow({ Action: "EXECUTE-API:invoke" })], decision: "allow" },
  { rule: "another Action does not match", statements: [allow({ Action: "execute-api:ManageConnections" })], decision: "implicit-deny" },
  {
    rule: "NotAction matches every other action",
    statements: [{ Effect: "Allow", Principal: "*", NotAction: "execute-api:ManageConnections", Resource: "*" }],
    decision: "allow",
  },
  {
    rule: "NotAction excludes the listed action",
    statements: [{ Effect: "Allow", Principal: "*", NotAction: "execute-api:Invoke", Resource: "*" }],
    decision: "implicit-deny",
  },
  {
    rule: "Resource wildcard crosses / in the resource part",
    statements: [allow({ Resource: "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/*" })],
    decision: "allow",
  },
  {
    rule: "Resource of another method",
    statements: [allow({ Resource: "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/POST/*" })],
    decision: "implicit-deny",
  },
  { rule: "Resource wildcard in the region", statements: [allow({ Resource: "arn:aws:execute-api:*:123456789012:*" })], decision: "allow" },
  {
    rule: "a wildcard in the account does not cross a colon",
    statements: [allow({ Resource: "arn:aws:execute-api:us-east-1:*/prod/GET/orders/1" })],
    decision: "implicit-deny",
  },
  {
    rule: "NotResource: a Deny on everything but one path spares that path",
    statements: [allow(), deny({ Resource: undefined, NotResource: GET_ORDERS })],
    decision: "allow",
  },
  {
    rule: "NotResource: ...and denies the others",
    statements: [allow(), deny({ Resource: undefined, NotResource: "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/POST/*" })],
    decision: "explicit-deny",
  },
  { rule: 'Principal {"AWS": "*"} matches anonymous callers', statements: [allow({ Principal: { AWS: "*" } })], decision: "allow" },
  {
    rule: "a named principal does not match an anonymous caller",
    statements: [allow({ Principal: { AWS: "arn:aws:iam::123456789012:role/dev" } })],
    decision: "implicit-deny",
  },
  {
    rule: "an account principal matches a role of that account",
    statements: [allow({ Principal: { AWS: "123456789012" } })],
    request: request(undefined, { principal: "arn:aws:iam::123456789012:role/dev" }),
    decision: "allow",
  },
  {
    rule: "a root principal does not match another account",
    statements: [allow({ Principal: { AWS: "arn:aws:iam::123456789012:root" } })],
    request: request(undefined, { principal: "arn:aws:iam::210987654321:role/dev" }),
    decision: "implicit-deny",
  },
];

describe("evaluatePolicy: IAM's evaluation logic, rule by rule", () => {
  for (const row of ROWS) {
    it(row.rule, () => {
      const result = evaluatePolicy({ Version: "2012-10-17", Statement: row.statements }, row.request ?? request());
      assert.equal(result.decision, row.decision);
      if (row.index !== undefined) assert.equal(result.statement?.index, row.index);
      if (row.decision === "implicit-deny") assert.equal(result.statement, undefined);
    });
  }

  it("names the deciding statement by Sid and position", () => {
    const result = evaluatePolicy(
      { Statement: [allow({ Sid: "a" }), deny({ Sid: "no-b", Condition: { StringEquals: { "aws:SourceVpce": VPCE_A } } })] },
      request(),
    );
    assert.deepEqual(result, { decision: "explicit-deny", statement: { sid: "no-b", index: 1 } });
  });

  it("refuses a policy it cannot read, naming the problem", () => {
    assert.throws(() => evaluatePolicy("{not json", request()), PolicyDocumentError);
    assert.throws(() => parsePolicy({ Statement: [{ Effect: "Maybe", Action: "*", Resource: "*" }] }), /Effect other than Allow or Deny/);
    assert.throws(() => parsePolicy({ Statement: [{ Effect: "Allow", Resource: "*" }] }), /exactly one of Action and NotAction/);
  });
});

describe("REST API policy forms", () => {
  const policy = {
    Version: "2012-10-17",
    Statement: [allow({ Resource: "execute-api:/*", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } })],
  };

  it("expands the execute-api:/ shorthand to the API's ARN", () => {
    const expanded = expandExecuteApiShorthand(policy, API);
    assert.equal((expanded.Statement as PolicyStatement[])[0].Resource, "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*");
    assert.equal(expandExecuteApiShorthand(policy, { ...API, region: "cn-north-1" }).Statement instanceof Array, true);
    assert.match(JSON.stringify(expandExecuteApiShorthand(policy, { ...API, region: "cn-north-1" })), /arn:aws-cn:execute-api:cn-north-1/);
  });

  it("stores the escaped form GetRestApi returns, and reads it back", () => {
    const stored = storedPolicyString(policy);
    assert.ok(stored.startsWith('{\\"Version\\":\\"2012-10-17\\"'), stored);
    assert.ok(stored.includes("10.0.0.0\\\\/8"), "slashes are escaped as \\/ inside the escaped JSON");
    assert.deepEqual(parsePolicy(stored), parsePolicy(policy));
    const expanded = storedPolicyString(expandExecuteApiShorthand(policy, API));
    assert.equal(evaluatePolicy(expanded, request({ "aws:SourceIp": "10.1.2.3" })).decision, "allow");
    assert.equal(evaluatePolicy(expanded, request({ "aws:SourceIp": "11.1.2.3" })).decision, "implicit-deny");
  });

  it("builds method ARNs, the root path ending in a slash", () => {
    assert.equal(
      executeApiArn({ ...API, stage: "prod", method: "GET", path: "/" }),
      "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/",
    );
    assert.equal(GET_ORDERS, "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/1");
  });
});

describe("admitsOnTcp: a VPC endpoint's security groups and one caller", () => {
  const caller = { address: "10.0.1.5", groupIds: ["sg-0caller0000000000"] };
  const rows: [string, InboundRule[], boolean][] = [
    ["no inbound rule: refused", [], false],
    ["HTTPS from the caller's block", [{ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIp: "10.0.0.0/16" }], true],
    ["HTTPS from another block", [{ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIp: "10.1.0.0/16" }], false],
    ["a port range that holds 443", [{ ipProtocol: "tcp", fromPort: 0, toPort: 1024, cidrIp: "0.0.0.0/0" }], true],
    ["another port only", [{ ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIp: "0.0.0.0/0" }], false],
    ["UDP is not TCP", [{ ipProtocol: "udp", fromPort: 443, toPort: 443, cidrIp: "0.0.0.0/0" }], false],
    ["all traffic from the caller's group", [{ ipProtocol: "-1", groupId: "sg-0caller0000000000" }], true],
    ["all traffic from another group", [{ ipProtocol: "-1", groupId: "sg-0other00000000000" }], false],
    ["an IPv6 block does not admit an IPv4 caller", [{ ipProtocol: "-1", cidrIpv6: "::/0" }], false],
  ];
  for (const [rule, rules, admitted] of rows) it(rule, () => assert.equal(admitsOnTcp(rules, caller, 443), admitted));
});

describe("combineIamAndResourceDecisions: API Gateway's outcome tables for IAM authentication", () => {
  const decisions: AccessDecision[] = ["allow", "implicit-deny", "explicit-deny"];
  // [IAM policy, resource policy] -> same account (table A), cross account (table B).
  const expected: Record<string, [AccessDecision, AccessDecision]> = {
    "allow/allow": ["allow", "allow"],
    "allow/implicit-deny": ["allow", "implicit-deny"],
    "implicit-deny/allow": ["allow", "implicit-deny"],
    "implicit-deny/implicit-deny": ["implicit-deny", "implicit-deny"],
  };
  for (const identity of decisions)
    for (const resource of decisions) {
      const [same, cross] = expected[`${identity}/${resource}`] ?? ["explicit-deny", "explicit-deny"];
      it(`IAM ${identity}, resource policy ${resource}: ${same} in the account, ${cross} across accounts`, () => {
        assert.equal(combineIamAndResourceDecisions(identity, resource, true), same);
        assert.equal(combineIamAndResourceDecisions(identity, resource, false), cross);
      });
    }
});

describe("Principal with a signed caller", () => {
  const role = "arn:aws:iam::123456789012:role/app";
  const rows: [string, PolicyStatement["Principal"], string | undefined, AccessDecision][] = [
    ["a role ARN matches that role", { AWS: role }, role, "allow"],
    ["a role ARN does not match another role", { AWS: role }, "arn:aws:iam::123456789012:role/other", "implicit-deny"],
    ["a role ARN does not match an anonymous caller", { AWS: role }, undefined, "implicit-deny"],
    ["an account id matches its principals", { AWS: "123456789012" }, role, "allow"],
    ["an account root ARN matches its principals", { AWS: "arn:aws:iam::123456789012:root" }, role, "allow"],
    ["another account does not match", { AWS: "111122223333" }, role, "implicit-deny"],
    ['"*" matches a signed caller', "*", role, "allow"],
  ];
  for (const [rule, principal, caller, decision] of rows)
    it(rule, () =>
      assert.equal(evaluatePolicy({ Statement: [allow({ Principal: principal })] }, request({}, { principal: caller })).decision, decision),
    );

  it("reads aws:PrincipalArn and aws:PrincipalAccount as condition keys", () => {
    const statement = allow({ Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/app" } } });
    const context = { "aws:PrincipalArn": role, "aws:PrincipalAccount": "123456789012" };
    assert.equal(evaluatePolicy({ Statement: [statement] }, request(context)).decision, "allow");
    assert.equal(evaluatePolicy({ Statement: [statement] }, request({})).decision, "implicit-deny");
    const account = allow({ Condition: { StringEquals: { "aws:PrincipalAccount": "111122223333" } } });
    assert.equal(evaluatePolicy({ Statement: [account] }, request(context)).decision, "implicit-deny");
  });
});
