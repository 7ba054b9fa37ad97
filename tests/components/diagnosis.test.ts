/**
 * The components' `diagnose` option: the warning names the root cause and its fix, "strict"
 * fails, previews never run the doctor, and the option is off by default.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { diagnosisWarning, runComponentDiagnosis } from "../../components/diagnosis";
import { PrivateApiAccess } from "../../components/privateApiAccess";
import type { DiagnoseOptions, Diagnosis } from "../../provider/doctor";
import { apigwVpcMocks } from "../../testing";
import { useRecordingMocks, valueOf } from "./mockRecorder";

const API = "a1b2c3d4e5";
const V1 = "vpce-0123456789abcdef0";
const OPTIONS: DiagnoseOptions = { region: "us-east-1", restApiId: API, vpcEndpointIds: [V1], stageName: "prod" };

const broken: Diagnosis = {
  verdict: "broken",
  rootCause: "endpoint-security-group",
  checks: [
    { id: "api-exists", status: "pass", summary: API, evidence: {} },
    {
      id: "endpoint-security-group",
      subject: V1,
      status: "fail",
      summary: "no ingress rule admits a caller on TCP 443",
      evidence: {},
      fix: "aws ec2 authorize-security-group-ingress --group-id sg-0123 --protocol tcp --port 443 --cidr 10.0.0.0/16",
    },
  ],
};
const ok: Diagnosis = { verdict: "ok", rootCause: null, checks: [{ id: "api-exists", status: "pass", summary: API, evidence: {} }] };
const unknown: Diagnosis = {
  verdict: "unknown",
  rootCause: null,
  checks: [{ id: "endpoint-exists", subject: V1, status: "unknown", summary: "not visible", evidence: {}, unknownBecause: "unreadable" }],
};

describe("the components' diagnose option", () => {
  it("the warning names the root cause, its subject and its fix; an ok path gives none", () => {
    assert.equal(
      diagnosisWarning("PrivateApiAccess api", broken),
      `PrivateApiAccess api is broken at endpoint-security-group (${V1}): no ingress rule admits a caller on TCP 443. Fix: aws ec2 authorize-security-group-ingress --group-id sg-0123 --protocol tcp --port 443 --cidr 10.0.0.0/16`,
    );
    assert.equal(diagnosisWarning("PrivateApiAccess api", ok), undefined);
    assert.match(diagnosisWarning("PrivateApiAccess api", unknown) ?? "", /could not read every link \(endpoint-exists\)/);
  });

  describe("during an update", () => {
    before(async () => {
      await useRecordingMocks({ "aws:region": "us-east-1" });
    });
    const resource = () => new pulumi.ComponentResource("test:index:Thing", `thing-${Math.random()}`);

    it("true: runs the doctor with the component's options, warns and returns the diagnosis", async () => {
      const warnings: string[] = [];
      const seen: DiagnoseOptions[] = [];
      const doctor = async (o: DiagnoseOptions) => (seen.push(o), broken);
      const result = await runComponentDiagnosis({
        resource: resource(),
        mode: true,
        subject: "PrivateApiAccess api",
        options: OPTIONS,
        doctor,
        warn: async (m) => void warnings.push(m),
      });
      assert.equal(result, broken);
      assert.deepEqual(seen, [OPTIONS]);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /broken at endpoint-security-group/);
    });

    it('"strict": a broken path fails with the root cause; an ok one passes silently', async () => {
      const warnings: string[] = [];
      const warn = async (m: string) => void warnings.push(m);
      await assert.rejects(
        runComponentDiagnosis({
          resource: resource(),
          mode: "strict",
          subject: "PrivateApiAccess api",
          options: OPTIONS,
          doctor: async () => broken,
          warn,
        }),
        /^Error: diagnose: "strict": PrivateApiAccess api is broken at endpoint-security-group/,
      );
      assert.equal(
        await runComponentDiagnosis({ resource: resource(), mode: "strict", subject: "s", options: OPTIONS, doctor: async () => ok, warn }),
        ok,
      );
      assert.deepEqual(warnings, []);
    });

    it("a doctor that cannot run is a warning, or a failure under strict", async () => {
      const warnings: string[] = [];
      const doctor = async () => {
        throw new Error("cannot read REST API a1b2c3d4e5 in us-east-1: CredentialsProviderError: no credentials");
      };
      const warn = async (m: string) => void warnings.push(m);
      assert.equal(
        await runComponentDiagnosis({ resource: resource(), mode: true, subject: "s", options: OPTIONS, doctor, warn }),
        undefined,
      );
      assert.match(warnings[0], /^s: the doctor could not run: cannot read REST API/);
      await assert.rejects(
        runComponentDiagnosis({ resource: resource(), mode: "strict", subject: "s", options: OPTIONS, doctor, warn }),
        /CredentialsProviderError/,
      );
    });

    it("off (the default): no doctor, no diagnosis", async () => {
      let calls = 0;
      const doctor = async () => (calls++, ok);
      assert.equal(
        await runComponentDiagnosis({ resource: resource(), mode: undefined, subject: "s", options: OPTIONS, doctor }),
        undefined,
      );
      assert.equal(await runComponentDiagnosis({ resource: resource(), mode: false, subject: "s", options: OPTIONS, doctor }), undefined);
      const access = new PrivateApiAccess("api", { restApiId: API, vpcEndpointIds: [V1], stageName: "prod" });
      assert.equal(await valueOf(access.diagnosis), undefined);
      assert.equal(calls, 0);
    });
  });

  describe("during a preview", () => {
    before(async () => {
      const mocks = apigwVpcMocks();
      await pulumi.runtime.setMocks({ newResource: (a) => mocks.newResource(a), call: (a) => mocks.call(a) }, "apigw-vpc", "test", true);
      pulumi.runtime.setAllConfig({ "aws:region": "us-east-1" });
    });

    it('never runs the doctor, even under "strict": nothing is deployed to walk', async () => {
      let calls = 0;
      const doctor = async () => (calls++, broken);
      const r = new pulumi.ComponentResource("test:index:Thing", "preview-thing");
      assert.equal(await runComponentDiagnosis({ resource: r, mode: "strict", subject: "s", options: OPTIONS, doctor }), undefined);
      assert.equal(calls, 0);
    });
  });
});
