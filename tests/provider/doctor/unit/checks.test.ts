/**
 * The checks as functions of a snapshot: a healthy path is ok, and breaking exactly one link
 * makes that link the root cause, with the evidence and the fix it needs. The policies go
 * through the shared evaluator, the same one the sandbox's invoke plane uses.
 */
import * as assert from "node:assert/strict";
import { diagnose } from "../../../../provider/doctor/diagnose";
import { evaluateInvokePolicy } from "../../../../provider/doctor/evaluator";
import type { Snapshot } from "../../../../provider/doctor/snapshot";
import type { CheckId, DiagnoseOptions, Diagnosis } from "../../../../provider/doctor/types";
import { CHECK_IDS } from "../../../../provider/doctor/types";
import { API, GROUP, healthy, OPTIONS, OTHER_VPCE, REGION, VPC, VPCE, endpointOnly, ACCOUNT } from "./healthyPath";

function run(snapshot: Snapshot, options: DiagnoseOptions = OPTIONS): Diagnosis {
  return diagnose({ snapshot, options, evaluate: evaluateInvokePolicy });
}

function check(d: Diagnosis, id: CheckId) {
  const found = d.checks.find((c) => c.id === id);
  assert.ok(found, `no ${id} check`);
  return found;
}

const endpoint = (s: Snapshot) => {
  const read = s.endpoints[VPCE];
  assert.equal(read.kind, "found");
  return read.value;
};
const api = (s: Snapshot) => {
  assert.equal(s.api?.kind, "found");
  return s.api.value;
};

describe("doctor checks (pure)", () => {
  it("a healthy path is ok, every check in the order a request travels, policy-deployed an honest unknown", () => {
    const d = run(healthy());
    assert.equal(d.verdict, "ok");
    assert.equal(d.rootCause, null);
    assert.deepEqual(
      d.checks.map((c) => c.id),
      [...CHECK_IDS],
    );
    const statuses = Object.fromEntries(d.checks.map((c) => [c.id, c.status]));
    assert.equal(statuses["policy-deployed"], "unknown");
    assert.equal(check(d, "policy-deployed").unknownBecause, "limit");
    assert.match(check(d, "policy-deployed").fix ?? "", /--probe/);
    assert.equal(statuses.probe, "skipped");
    for (const [id, status] of Object.entries(statuses))
      if (id !== "policy-deployed" && id !== "probe") assert.equal(status, "pass", `${id} is ${status}`);
  });

  const breaks: [string, CheckId, (s: Snapshot) => void, RegExp][] = [
    ["the API is gone", "api-exists", (s) => (s.api = { kind: "missing", message: "Invalid API identifier specified" }), /get-rest-apis/],
    ["the API is REGIONAL", "api-private", (s) => (api(s).endpointTypes = ["REGIONAL"]), /types\/REGIONAL,value=PRIVATE/],
    ["the endpoint is pending", "endpoint-available", (s) => (endpoint(s).state = "pending"), /wait vpc-endpoint-available/],
    ["the endpoint serves S3", "endpoint-service", (s) => (endpoint(s).serviceName = `com.amazonaws.${REGION}.s3`), /execute-api/],
    [
      "the endpoint was disassociated",
      "endpoint-associated",
      (s) => (api(s).vpcEndpointIds = []),
      /op=add,path=\/endpointConfiguration\/vpcEndpointIds,value=vpce-/,
    ],
    [
      "the 443 rule was revoked",
      "endpoint-security-group",
      (s) => (s.ingress[GROUP] = { kind: "found", value: [] }),
      /authorize-security-group-ingress .*--port 443 --cidr 10\.0\.0\.0\/16/,
    ],
    [
      "the endpoint policy denies",
      "endpoint-policy",
      (s) =>
        (endpoint(s).policyDocument = JSON.stringify({
          Statement: [
            { Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "*" },
            { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" },
          ],
        })),
      /--reset-policy/,
    ],
    [
      "the resource policy has a Deny for this endpoint",
      "resource-policy",
      (s) => (api(s).policy = endpointOnly(`arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/*`, [OTHER_VPCE])),
      /path=\/policy/,
    ],
    ["the API has no resource policy", "resource-policy", (s) => delete api(s).policy, /path=\/policy/],
    [
      "the stage was deleted",
      "stage-deployed",
      (s) => (s.stage = { kind: "missing", message: "Invalid stage identifier specified" }),
      /create-deployment .*--stage-name prod/,
    ],
    ["the per-VPCE name does not resolve", "dns-per-vpce", (s) => (s.perVpceDns[VPCE] = { kind: "nxdomain" }), /create-deployment/],
    [
      "the domain is not private",
      "domain-private",
      (s) => s.domain?.kind === "found" && (s.domain.value.endpointTypes = ["REGIONAL"]),
      /PRIVATE/,
    ],
    [
      "the association was rejected",
      "domain-access-association",
      (s) => (s.accessAssociations = { kind: "found", value: [] }),
      /create-domain-name-access-association/,
    ],
    [
      "the domain policy admits another endpoint",
      "domain-policy",
      (s) => s.domain?.kind === "found" && (s.domain.value.policy = endpointOnly("execute-api:/*", [OTHER_VPCE])),
      /update-domain-name/,
    ],
    [
      "the base path mapping is missing",
      "base-path-mapping",
      (s) => (s.basePathMappings = { kind: "found", value: [] }),
      /create-base-path-mapping .*--stage prod/,
    ],
    [
      "the VPC link is INACTIVE",
      "vpc-link-status",
      (s) => s.vpcLink?.kind === "found" && (s.vpcLink.value.status = "INACTIVE"),
      /re-provisioned/,
    ],
  ];
  for (const [what, id, breakIt, fix] of breaks) {
    it(`${what}: broken, root cause ${id}, with its fix`, () => {
      const s = healthy();
      breakIt(s);
      const d = run(s);
      assert.equal(d.verdict, "broken");
      assert.equal(d.rootCause, id);
      assert.match(check(d, id).fix ?? "", fix);
    });
  }

  it("names the statement that denies and the context it was evaluated with", () => {
    const s = healthy();
    api(s).policy = endpointOnly(`arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/*`, [OTHER_VPCE]);
    const evidence = check(run(s), "resource-policy").evidence;
    assert.equal(evidence.decision, "explicit-deny");
    assert.equal((evidence.statement as { Sid: string }).Sid, "DenyOthers");
    assert.deepEqual(evidence.context, { "aws:SourceVpce": VPCE, "aws:SourceVpc": VPC });
    assert.equal(evidence.resource, `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/prod/GET/`);
  });

  it("a refused caller at --source-ip names the missing rule", () => {
    const d = run(healthy(), { ...OPTIONS, sourceIp: "192.168.4.7" });
    assert.equal(d.rootCause, "endpoint-security-group");
    assert.equal(check(d, "endpoint-security-group").evidence.missingRule, "tcp 443 from 192.168.4.7/32");
  });

  it("a group reference alone is an unknown the verdict survives (membership is not read)", () => {
    const s = healthy();
    s.ingress[GROUP] = {
      kind: "found",
      value: [
        { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrs: [], ipv6Cidrs: [], groupIds: ["sg-0aaaaaaaaaaaaaaaa"], prefixListIds: [] },
      ],
    };
    const d = run(s);
    assert.equal(check(d, "endpoint-security-group").status, "unknown");
    assert.equal(d.verdict, "ok");
  });

  it("warns of private DNS, of two endpoints with private DNS in one VPC, and of a policy with no VPC condition", () => {
    const s = healthy();
    endpoint(s).privateDnsEnabled = true;
    let d = run(s);
    assert.equal(check(d, "private-dns").status, "warn");
    assert.match(check(d, "private-dns").summary, /every public or regional API/);
    s.vpcSiblings[VPC] = {
      kind: "found",
      value: [
        { vpcEndpointId: VPCE, privateDnsEnabled: true, state: "available" },
        { vpcEndpointId: OTHER_VPCE, privateDnsEnabled: true, state: "available" },
      ],
    };
    d = run(s);
    assert.deepEqual(check(d, "private-dns").evidence.alsoPrivateDns, [OTHER_VPCE]);
    api(s).policy = JSON.stringify({
      Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" }],
    });
    d = run(s);
    assert.equal(check(d, "resource-policy").status, "warn");
    assert.match(check(d, "resource-policy").summary, /any VPC's endpoint/);
    assert.equal(d.verdict, "ok");
  });

  it("a denied read is unknown, and makes the verdict unknown rather than ok", () => {
    const s = healthy();
    s.ingress[GROUP] = { kind: "unreadable", message: "UnauthorizedOperation: not authorized to perform ec2:DescribeSecurityGroups" };
    const d = run(s);
    assert.equal(check(d, "endpoint-security-group").status, "unknown");
    assert.equal(d.verdict, "unknown");
    assert.equal(d.rootCause, null);
  });

  it("an endpoint this account cannot see is unknown (it may be another account's), and its checks are skipped", () => {
    const s = healthy();
    s.endpoints[VPCE] = { kind: "missing", message: `${VPCE} was not returned` };
    const d = run(s);
    assert.equal(check(d, "endpoint-exists").status, "unknown");
    assert.equal(check(d, "endpoint-available").status, "skipped");
    assert.equal(d.verdict, "unknown");
  });

  it("an API with no endpoint, and none named, fails endpoint-associated", () => {
    const s = healthy();
    api(s).vpcEndpointIds = [];
    s.vpcEndpointIds = [];
    const d = run(s);
    assert.equal(d.rootCause, "endpoint-associated");
    assert.match(check(d, "endpoint-associated").fix ?? "", /op=add,path=\/endpointConfiguration\/vpcEndpointIds/);
  });

  it("the first failure in travel order is the root cause when several links are broken", () => {
    const s = healthy();
    s.stage = { kind: "missing", message: "Invalid stage identifier specified" };
    s.ingress[GROUP] = { kind: "found", value: [] };
    assert.equal(run(s).rootCause, "endpoint-security-group");
  });

  it("with a probe: a 403 that the current policies would not give blames the deployment", () => {
    const s = healthy();
    s.probes = {
      [VPCE]: {
        kind: "http",
        status: 403,
        body: '{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn with an explicit deny"}',
      },
    };
    const d = run(s, { ...OPTIONS, probe: true });
    assert.equal(d.rootCause, "policy-deployed");
    assert.match(check(d, "policy-deployed").fix ?? "", /create-deployment/);
  });

  it("with a probe: an admitted request passes policy-deployed; a current policy that refuses is then a warning", () => {
    const s = healthy();
    s.probes = { [VPCE]: { kind: "http", status: 200, body: "{}" } };
    let d = run(s, { ...OPTIONS, probe: true });
    assert.equal(d.verdict, "ok");
    assert.equal(check(d, "policy-deployed").status, "pass");
    assert.equal(check(d, "probe").status, "pass");
    api(s).policy = endpointOnly(`arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/*`, [OTHER_VPCE]);
    d = run(s, { ...OPTIONS, probe: true });
    assert.equal(check(d, "resource-policy").status, "warn");
    assert.match(check(d, "resource-policy").summary, /next deployment breaks it/);
    assert.equal(d.verdict, "ok");
  });

  it("with a probe that times out while every check passes, the probe itself is the root cause", () => {
    const s = healthy();
    s.probes = { [VPCE]: { kind: "timeout", connected: false, timeoutMs: 5000 } };
    const d = run(s, { ...OPTIONS, probe: true });
    assert.equal(d.rootCause, "probe");
    assert.deepEqual(check(d, "probe").evidence.suspects, ["endpoint-security-group", "endpoint-available"]);
  });

  it("checks each endpoint; the policy's account comes from its own ARNs", () => {
    const s = healthy();
    const second = structuredClone(endpoint(s));
    second.vpcEndpointId = OTHER_VPCE;
    s.endpoints[OTHER_VPCE] = { kind: "found", value: second };
    s.vpcEndpointIds = [VPCE, OTHER_VPCE];
    s.perVpceDns[OTHER_VPCE] = { kind: "addresses", addresses: ["10.0.2.10"] };
    api(s).vpcEndpointIds = [VPCE, OTHER_VPCE];
    const d = run(s);
    const policyChecks = d.checks.filter((c) => c.id === "resource-policy");
    assert.deepEqual(
      policyChecks.map((c) => [c.subject, c.status]),
      [
        [VPCE, "pass"],
        [OTHER_VPCE, "fail"],
      ],
    );
    assert.equal(d.rootCause, "domain-access-association");
  });
});
