/**
 * The doctor: walks the path of a request to a private REST API through its VPC endpoints, in
 * the order the request travels, and names the first broken link. Read-only: it makes only
 * Get* and Describe* calls (provider/doctor/reads.ts), and with `probe` one GET per endpoint.
 */
import { perVpceHostname } from "../endpointNames";
import type { PolicyEvaluator } from "./checks/context";
import { diagnose } from "./diagnose";
import { evaluateInvokePolicy } from "./evaluator";
import { assertOptions } from "./options";
import { sendProbe, type ProbeTarget } from "./probe";
import type { ProbeOutcome } from "./probeAnswer";
import type { DoctorClients } from "./reads";
import type { DiagnoseOptions, Diagnosis } from "./types";
import type { ProbeAnswer } from "../dnsProbe";
import type { SigningCredentials } from "../sigv4";

export { CHECK_IDS, type CheckId, type CheckResult, type CheckStatus, type DiagnoseOptions, type Diagnosis } from "./types";
export { DoctorUsageError } from "./options";
export { explainProbe, type ProbeExplanation, type ProbeOutcome } from "./probeAnswer";
export { renderJson, renderTable } from "./render";
export type { InvokeRequest, PolicyDecision, PolicyEvaluator } from "./checks/context";
export type { DoctorClients } from "./reads";
export type { ProbeSigning, ProbeTarget } from "./probe";
export type { SigningCredentials } from "../sigv4";

/** AWS could not be read at all (credentials, region, permissions on the API): the CLI exits 2. */
export class AwsUnreadableError extends Error {
  /**
   * An error whose message says what could not be read.
   * @param message - What could not be read, and AWS's error.
   */
  constructor(message: string) {
    super(message);
    this.message = message; // see ResourceOperationError: set even where serialization lost the Error constructor
    this.name = "AwsUnreadableError";
  }
}

/** Collaborators of {@link diagnosePrivateApi}, for tests; each has a default. */
export interface DoctorDeps {
  /** The read clients. @default clients of `options.region` from the SDK's default chain */
  clients?: DoctorClients;
  /** The per-VPCE name lookup. @default `APIGW_VPC_DNS_SERVERS`, else the system resolver */
  lookup?: (hostname: string) => Promise<ProbeAnswer>;
  /** Sends one probe. @default an HTTPS GET (see `APIGW_VPC_INVOKE_ENDPOINT`) */
  probe?: (target: ProbeTarget) => Promise<ProbeOutcome>;
  /** The policy evaluator. @default the one the sandbox's invoke plane uses */
  evaluate?: PolicyEvaluator;
  /** The probe's timeout in milliseconds. @default 5000 */
  probeTimeoutMs?: number;
}

/**
 * Walks the private path and names the broken link.
 * @param options - The region, the API and, optionally, the endpoints, stage, domain, link, caller and probe.
 * @param deps - Collaborators, for tests.
 * @returns The verdict, the root cause (the first failing check) and every check.
 * @throws {@link DoctorUsageError} for bad options, before any call; {@link AwsUnreadableError} when the API cannot be read.
 */
export async function diagnosePrivateApi(options: DiagnoseOptions, deps: DoctorDeps = {}): Promise<Diagnosis> {
  assertOptions(options);
  // Loaded on first use: the EC2 client is large, and programs that never diagnose should not pay for it.
  const { doctorClients, lookupPerVpce, readSnapshot } = await import("./reads");
  const clients = deps.clients ?? doctorClients(options.region);
  try {
    const snapshot = await readSnapshot(options, clients, deps.lookup ?? lookupPerVpce);
    if (snapshot.api?.kind === "unreadable") {
      throw new AwsUnreadableError(`cannot read REST API ${options.restApiId} in ${options.region}: ${snapshot.api.message}`);
    }
    if (options.probe && snapshot.api?.kind === "found") {
      const api = snapshot.api.value;
      const stage = snapshot.stage?.kind === "found" ? snapshot.stage.value.stageName : (options.stageName ?? "");
      const send = deps.probe ?? sendProbe;
      const signWith = options.signProbe ? { credentials: await probeCredentials(clients), region: options.region } : undefined;
      const outcomes = await Promise.all(
        snapshot.vpcEndpointIds.map(async (vpce) => {
          const hostname = perVpceHostname(api.id, vpce, options.region);
          const dns = snapshot.perVpceDns[vpce] ?? { kind: "error", code: "NOTREAD" };
          const path = `/${stage}${options.path ?? "/"}`;
          const caller = options.host ? { host: options.host, restApiId: api.id, vpcEndpointId: vpce } : {};
          const target: ProbeTarget = {
            hostname,
            dns,
            path,
            sourceIp: options.sourceIp,
            timeoutMs: deps.probeTimeoutMs,
            signWith,
            ...caller,
          };
          return [vpce, await send(target)] as const;
        }),
      );
      snapshot.probes = Object.fromEntries(outcomes);
    }
    return diagnose({ snapshot, options, evaluate: deps.evaluate ?? evaluateInvokePolicy });
  } finally {
    if (!deps.clients) clients.destroy();
  }
}

/** The credentials the SDK's default chain gives the doctor's clients, to sign the probe with; never stored. */
async function probeCredentials(clients: DoctorClients): Promise<SigningCredentials> {
  try {
    const { accessKeyId, secretAccessKey, sessionToken } = await clients.apigw.config.credentials();
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  } catch (e) {
    throw new AwsUnreadableError(`cannot sign the probe: no credentials from the default chain (${(e as Error).message})`);
  }
}
