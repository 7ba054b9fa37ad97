/**
 * Who the invoke plane says the caller is, through the real SDK clients (API Gateway and EC2
 * arrange the API, its methods and policies, the endpoint and its policy) and plain node:http
 * requests signed by the SDK's own SigV4 signer: an unsigned request is anonymous, a valid
 * signature is the registered identity in the endpoint policy (and, for AWS_IAM methods, in the
 * resource policy with its IAM policy), a bad signature or unknown key is refused with AWS's
 * messages, and an AWS_IAM method answers an unsigned request "Missing Authentication Token".
 */
import assert from "node:assert/strict";
import { APIGatewayClient, CreateDeploymentCommand } from "@aws-sdk/client-api-gateway";
import { perVpceHostname } from "../../provider/endpointNames";
import {
  endpointNetwork,
  invokeApi,
  signedHeaders,
  type EndpointNetwork,
  type InvokeRequest,
  type SigningCredentials,
} from "../../support/invoke";
import { diagnosePrivateApi } from "../../provider/doctor";
import {
  createRestApi,
  FAST,
  makeDeployable,
  OPEN_INVOKE_POLICY,
  TEST_ACCESS_KEY_ID,
  TEST_SECRET_ACCESS_KEY,
  useSandbox,
} from "../../support/sandbox";

const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "111122223333";
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const APP: SigningCredentials = { accessKeyId: "AKIAAPPROLE000000001", secretAccessKey: "app-secret" };
const OTHER: SigningCredentials = { accessKeyId: "AKIAOTHERROLE0000001", secretAccessKey: "other-secret" };
const PARTNER: SigningCredentials = { accessKeyId: "AKIAPARTNER000000001", secretAccessKey: "partner-secret" };
const PARTNER_ROLE = `arn:aws:iam::${OTHER_ACCOUNT}:role/partner`;

const deploy = (restApiId: string) =>
  new APIGatewayClient({ region: "us-east-1" }).send(new CreateDeploymentCommand({ restApiId, stageName: "prod" }));
const methodArn = (restApiId: string) => `arn:aws:execute-api:us-east-1:${ACCOUNT}:${restApiId}/prod/GET/`;
const policyOf = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const invokeFor = (principal: object | string, extra: object = {}) => ({
  Effect: "Allow",
  Principal: principal,
  Action: "execute-api:Invoke",
  Resource: "*",
  ...extra,
});

describe("sandbox invoke plane: the caller's identity from its SigV4 signature", () => {
  const ctx = useSandbox(FAST);
  let open: EndpointNetwork;
  let scoped: EndpointNetwork;
  let restApiId: string;
  const call = (network: EndpointNetwork, extra: Partial<InvokeRequest> = {}) =>
    invokeApi({ endpoint: ctx.sandbox.endpoint, restApiId, vpcEndpointId: network.vpcEndpointId, stage: "prod", ...extra });
  const api = async (opts: { policy?: string; authorizationType?: "NONE" | "AWS_IAM" }) => {
    restApiId = await createRestApi({ vpcEndpointIds: [open.vpcEndpointId, scoped.vpcEndpointId] });
    await makeDeployable(restApiId, { policy: opts.policy ?? OPEN_INVOKE_POLICY, authorizationType: opts.authorizationType });
    await deploy(restApiId);
  };

  before(async () => {
    open = await endpointNetwork({ octet: 11 });
    // An endpoint whose policy admits only the app role, and anyone of the partner account with aws:PrincipalAccount.
    scoped = await endpointNetwork({
      octet: 12,
      policyDocument: policyOf(
        invokeFor({ AWS: APP_ROLE }),
        invokeFor("*", { Condition: { StringEquals: { "aws:PrincipalAccount": OTHER_ACCOUNT } } }),
      ),
    });
  });

  beforeEach(() => {
    ctx.sandbox.control.registerIdentity({ ...APP, principalArn: APP_ROLE });
    ctx.sandbox.control.registerIdentity({ ...OTHER, principalArn: `arn:aws:iam::${ACCOUNT}:role/other`, sessionName: "ci" });
    ctx.sandbox.control.registerIdentity({ ...PARTNER, principalArn: PARTNER_ROLE });
  });

  describe("an endpoint policy that names principals", () => {
    beforeEach(() => api({}));

    it("lets the named role through (200)", async () => {
      const r = await call(scoped, { signWith: APP });
      assert.ok(r.answered && r.status === 200, JSON.stringify(r));
    });

    it("refuses another role with AWS's message naming its assumed-role session", async () => {
      const r = await call(scoped, { signWith: OTHER });
      assert.ok(r.answered && r.status === 403, JSON.stringify(r));
      assert.equal(r.headers["x-amzn-errortype"], "AccessDeniedException");
      assert.deepEqual(JSON.parse(r.body), {
        Message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/other/ci is not authorized to perform: execute-api:Invoke on resource: ${methodArn(restApiId)} because no VPC endpoint policy allows the execute-api:Invoke action`,
      });
    });

    it("refuses an unsigned request as anonymous, and a bearer token is anonymous too", async () => {
      const message = `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${methodArn(restApiId)} because no VPC endpoint policy allows the execute-api:Invoke action`;
      for (const headers of [{}, { authorization: "Bearer abc.def.ghi" }] as Record<string, string>[]) {
        const r = await call(scoped, { headers });
        assert.ok(r.answered && r.status === 403, JSON.stringify(r));
        assert.deepEqual(JSON.parse(r.body), { Message: message });
      }
    });

    it("reads aws:PrincipalAccount: a role of the partner account is let through", async () => {
      const r = await call(scoped, { signWith: PARTNER });
      assert.ok(r.answered && r.status === 200, JSON.stringify(r));
    });

    it("leaves the default full-access endpoint policy open to signed and unsigned callers", async () => {
      for (const signWith of [undefined, APP, OTHER]) {
        const r = await call(open, { signWith });
        assert.ok(r.answered && r.status === 200, JSON.stringify(r));
      }
    });
  });

  describe("signatures the sandbox cannot accept", () => {
    beforeEach(() => api({}));

    it("refuses an unknown access key with 'The security token included in the request is invalid.'", async () => {
      const r = await call(open, { signWith: { accessKeyId: "AKIANOBODY0000000001", secretAccessKey: "x" } });
      assert.ok(r.answered && r.status === 403, JSON.stringify(r));
      assert.equal(r.headers["x-amzn-errortype"], "UnrecognizedClientException");
      assert.deepEqual(JSON.parse(r.body), { message: "The security token included in the request is invalid." });
    });

    it("refuses a wrong secret, and a request changed after signing, with InvalidSignatureException", async () => {
      const wrongSecret = await call(open, { signWith: { ...APP, secretAccessKey: "not-the-secret" } });
      assert.ok(wrongSecret.answered && wrongSecret.status === 403, JSON.stringify(wrongSecret));
      assert.equal(wrongSecret.headers["x-amzn-errortype"], "InvalidSignatureException");
      assert.match(
        JSON.parse(wrongSecret.body).message,
        /^The request signature we calculated does not match the signature you provided\./,
      );
      // Signed for the stage's root, sent to another path with the same headers: the canonical request differs.
      const url = new URL("/prod/", ctx.sandbox.endpoint);
      const host = perVpceHostname(restApiId, open.vpcEndpointId, "us-east-1");
      const headers = await signedHeaders(APP, "us-east-1", "GET", url, { host });
      const tampered = await call(open, { path: "/other", headers });
      assert.ok(tampered.answered && tampered.status === 403, JSON.stringify(tampered));
      assert.equal(tampered.headers["x-amzn-errortype"], "InvalidSignatureException");
      const asSigned = await call(open, { headers });
      assert.ok(asSigned.answered && asSigned.status === 200, JSON.stringify(asSigned));
    });

    it("refuses a signature scoped to another service", async () => {
      const r = await call(open, { signWith: { ...APP, service: "apigateway" } });
      assert.ok(r.answered && r.status === 403, JSON.stringify(r));
      assert.equal(r.headers["x-amzn-errortype"], "InvalidSignatureException");
    });
  });

  describe("a resource policy that names a principal", () => {
    const policy = () => policyOf(invokeFor({ AWS: APP_ROLE }, { Resource: "execute-api:/*" }));

    it("on a NONE method sees every caller as anonymous, signed or not (AWS: use AWS_IAM)", async () => {
      await api({ policy: policy() });
      const r = await call(open, { signWith: APP });
      assert.ok(r.answered && r.status === 403, JSON.stringify(r));
      assert.deepEqual(JSON.parse(r.body), {
        Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${methodArn(restApiId)}`,
      });
    });

    it("on an AWS_IAM method lets the named role through and names any other caller", async () => {
      await api({ policy: policy(), authorizationType: "AWS_IAM" });
      const app = await call(open, { signWith: APP });
      assert.ok(app.answered && app.status === 200, JSON.stringify(app));
      const other = await call(open, { signWith: OTHER });
      assert.ok(other.answered && other.status === 403, JSON.stringify(other));
      assert.deepEqual(JSON.parse(other.body), {
        Message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/other/ci is not authorized to perform: execute-api:Invoke on resource: ${methodArn(restApiId)}`,
      });
    });

    it("with an explicit deny of a principal answers 'with an explicit deny' naming it", async () => {
      const denyApp = { ...invokeFor({ AWS: APP_ROLE }, { Resource: "execute-api:/*" }), Effect: "Deny" };
      await api({ policy: policyOf(invokeFor("*", { Resource: "execute-api:/*" }), denyApp), authorizationType: "AWS_IAM" });
      const r = await call(open, { signWith: APP });
      assert.ok(r.answered && r.status === 403, JSON.stringify(r));
      assert.deepEqual(JSON.parse(r.body), {
        Message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/app/sandbox is not authorized to perform: execute-api:Invoke on resource: ${methodArn(restApiId)} with an explicit deny`,
      });
    });
  });

  describe("an AWS_IAM method", () => {
    beforeEach(() => api({ authorizationType: "AWS_IAM" }));

    it("answers an unsigned request 403 Missing Authentication Token", async () => {
      const r = await call(open);
      assert.ok(r.answered && r.status === 403, JSON.stringify(r));
      assert.equal(r.headers["x-amzn-errortype"], "MissingAuthenticationTokenException");
      assert.deepEqual(JSON.parse(r.body), { message: "Missing Authentication Token" });
    });

    it("answers a signed caller of the API's account whom the resource policy allows (200)", async () => {
      const r = await call(open, { signWith: APP });
      assert.ok(r.answered && r.status === 200, JSON.stringify(r));
    });

    it("needs the caller's IAM policy as well across accounts", async () => {
      const without = await call(open, { signWith: PARTNER });
      assert.ok(without.answered && without.status === 403, JSON.stringify(without));
      assert.match(JSON.parse(without.body).Message, /^User: arn:aws:sts::111122223333:assumed-role\/partner\/sandbox is not authorized/);
      ctx.sandbox.control.registerIdentity({
        ...PARTNER,
        principalArn: PARTNER_ROLE,
        identityPolicy: policyOf({ Effect: "Allow", Action: "execute-api:Invoke", Resource: `arn:aws:execute-api:us-east-1:${ACCOUNT}:*` }),
      });
      const withPolicy = await call(open, { signWith: PARTNER });
      assert.ok(withPolicy.answered && withPolicy.status === 200, JSON.stringify(withPolicy));
    });

    it("refuses a bad signature before the method's rules", async () => {
      const r = await call(open, { signWith: { ...APP, secretAccessKey: "wrong" } });
      assert.ok(r.answered && r.status === 403, JSON.stringify(r));
      assert.equal(r.headers["x-amzn-errortype"], "InvalidSignatureException");
    });
  });

  describe("the doctor's probe, unsigned and signed with the default credential chain", () => {
    it("says the unsigned probe was denied as anonymous, and the signed one goes through", async () => {
      // The key the SDK's default chain finds here (the sandbox's test credentials) is the app role.
      ctx.sandbox.control.registerIdentity({
        accessKeyId: TEST_ACCESS_KEY_ID,
        secretAccessKey: TEST_SECRET_ACCESS_KEY,
        principalArn: APP_ROLE,
      });
      await api({});
      const deadline = Date.now() + 10_000;
      while (ctx.sandbox.control.state().dnsRecords.some((r) => r.restApiId === restApiId && !r.published)) {
        if (Date.now() > deadline) throw new Error("the per-VPCE names were never published");
        await new Promise((r) => setTimeout(r, 20));
      }
      const options = { region: "us-east-1", restApiId, stageName: "prod", vpcEndpointIds: [scoped.vpcEndpointId], probe: true };
      const probeOf = async (signProbe: boolean) =>
        (await diagnosePrivateApi({ ...options, signProbe }, { probeTimeoutMs: 1000 })).checks.find((c) => c.id === "probe");
      const unsigned = await probeOf(false);
      assert.equal(unsigned?.status, "fail", JSON.stringify(unsigned));
      assert.match(unsigned?.summary ?? "", /403 no allow: .*User: anonymous .*The probe was unsigned/);
      const signed = await probeOf(true);
      assert.equal(signed?.status, "pass", JSON.stringify(signed));
    });
  });

  it("refuses to register an identity whose principal is not a role or user ARN", () => {
    assert.throws(
      () => ctx.sandbox.control.registerIdentity({ ...APP, principalArn: "app" }),
      /principalArn must be an IAM role or user ARN/,
    );
  });
});
