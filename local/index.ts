/**
 * The local sandbox: an API Gateway emulator (v1 REST APIs, v2 VPC links) that speaks
 * REST-JSON to the real AWS SDK clients, the EC2 calls that build a VPC with an execute-api
 * endpoint (EC2's query protocol), a DNS server authoritative for the per-VPCE `execute-api`
 * names, and an invoke plane that answers a request through a VPC endpoint as AWS does
 * (endpoint state, security groups, endpoint and resource policies, integrations). Tests,
 * benchmarks and `npm start` run against it.
 *
 * @module pulumi-apigw-vpc/local
 */
import type { RoutingRuleRecord } from "./routingRules";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { perVpceHostname } from "../provider/endpointNames";
import { endpointAddresses, startDnsServer, type DnsServerHandle } from "./dnsServer";
import {
  DEFAULT_MAX_ACCESS_ASSOCIATIONS,
  DomainNameModel,
  type AccessAssociationRecord,
  type BasePathMappingRecord,
  type DomainNameRecord,
} from "./domainNames";
import {
  Ec2Model,
  type SecurityGroupRecord,
  type SubnetRecord,
  type VpcEndpointRecord,
  type VpcEndpointState,
  type VpcRecord,
} from "./ec2";
import { createRequestHandler, type RequestLogEntry } from "./http";
import { signedCallerOf, type SandboxIdentity } from "./invokeIdentity";
import { FaultInjector, QuotaEnforcer, seededRandom, type FaultSpec } from "./limits";
import { RestApiModel, type DnsPublication, type RestApiRecord } from "./restApis";
import { RestIntegrationModel } from "./restIntegrations";
import { VpcLinkModel, vpcLinkKey, type VpcLinkView } from "./vpcLinks";

export type { FaultKind, FaultSpec } from "./limits";
export type { RequestLogEntry } from "./http";
export type { VpcLinkStatus, VpcLinkView } from "./vpcLinks";
export type { EndpointConfiguration, RestApiRecord } from "./restApis";
export { DOCUMENTED_INTERVAL_QUOTAS } from "./limits";
export { executeApiZone, endpointAddresses } from "./dnsServer";
export { randomAwsId } from "./ids";
export { SOURCE_GROUPS_HEADER, SOURCE_IP_HEADER, SOURCE_VPCE_HEADER } from "./invoke";
export { SNI_HEADER } from "./invokeStrict";
export type { SandboxIdentity } from "./invokeIdentity";
export { ACCOUNT_HEADER, DEFAULT_ACCOUNT_ID } from "./domainRoutes";
export type { RoutingRuleRecord } from "./routingRules";
export type { AccessAssociationRecord, BasePathMappingRecord, DomainNameRecord } from "./domainNames";
export type { SecurityGroupRecord, SecurityGroupRule, SubnetRecord, VpcEndpointRecord, VpcEndpointState, VpcRecord } from "./ec2";

/** Delays of the emulated asynchronous work, in milliseconds. */
export interface SandboxDelays {
  /** PENDING -> AVAILABLE (or FAILED) for a new VPC link. */
  vpcLinkProvisionMs: number;
  /** DELETING -> gone for a deleted VPC link. */
  vpcLinkDeleteMs: number;
  /** Association -> the per-VPCE name answers; a function gives each hostname its own delay. */
  dnsPropagationMs: number | ((hostname: string) => number);
  /** pending -> available for a new EC2 interface VPC endpoint. */
  vpcEndpointProvisionMs: number;
  /** deleting -> gone for a deleted EC2 VPC endpoint. */
  vpcEndpointDeleteMs: number;
  /** gone -> the network interfaces of a deleted endpoint or VPC link released; until then their subnets and groups answer DependencyViolation. */
  interfaceReleaseMs: number;
  /** How long the invoke plane holds a refused caller's connection (no answer, as a connect timeout) before dropping it. */
  refusedConnectionHoldMs: number;
}

/** Options of {@link startSandbox}; every one has a default. */
export interface SandboxOptions {
  /** Address of the HTTP endpoint. @default "127.0.0.1" */
  host?: string;
  /** Port of the HTTP endpoint. @default 0 (any free port) */
  port?: number;
  /** Address of the DNS server (UDP and TCP on one port). Port 53 on 127.0.0.2 works as root. @default 127.0.0.1, any free port */
  dns?: {
    /** The DNS server's address. @default "127.0.0.1" */
    host?: string;
    /** The DNS server's port. @default 0 (any free port) */
    port?: number;
  };
  /** Multiplies every quota interval: 0.01 runs CreateVpcLink's 15 s quota as 150 ms. @default 1 */
  timeScale?: number;
  /** Delays of the emulated asynchronous work; missing members keep their defaults. @default { vpcLinkProvisionMs: 2000, vpcLinkDeleteMs: 1000, dnsPropagationMs: 1500, vpcEndpointProvisionMs: 1000, vpcEndpointDeleteMs: 500, interfaceReleaseMs: 1000, refusedConnectionHoldMs: 5000 } */
  delays?: Partial<SandboxDelays>;
  /** The SOA minimum, which resolvers use as the negative-caching TTL. @default 60 */
  negativeTtlSeconds?: number;
  /** The adjustable quota of VPC links per region. @default 10 */
  maxVpcLinksPerRegion?: number;
  /** Seed for probabilistic fault injection. @default a random seed */
  seed?: number;
  /** The adjustable quota of domain name access associations per account and region. @default 100 */
  maxAccessAssociations?: number;
  /** Access key id -> account id: requests signed with the key act for that account. @default every key acts for 123456789012 */
  accounts?: Record<string, string>;
}

/** A per-VPCE DNS name and whether it answers now. */
export interface DnsRecordState {
  /** The per-VPCE name, `{restApiId}-{vpcEndpointId}.execute-api.{region}.amazonaws.com`. */
  hostname: string;
  /** The REST API the name belongs to. */
  restApiId: string;
  /** The associated VPC endpoint. */
  vpcEndpointId: string;
  /** The API's region. */
  region: string;
  /** Whether the sandbox's DNS server answers for the name now. */
  published: boolean;
  /** Epoch ms when it starts answering, or null while held until the next deployment. */
  publishAt: number | null;
}

/** A snapshot of everything a sandbox holds (deep copies: changing them changes nothing). */
export interface SandboxState {
  /** The REST APIs. */
  restApis: RestApiRecord[];
  /** The v2 VPC links, with their region and what blocks their deletion. */
  vpcLinks: (VpcLinkView & {
    /** The link's region. */
    region: string;
    /** Integration references ("ANY:/{proxy+}") that make DeleteVpcLink fail: registered ones and REST integrations using the link. */
    references: string[];
  })[];
  /** Every per-VPCE DNS name the associations created. */
  dnsRecords: DnsRecordState[];
  /** Custom domain names with their base path mappings, and access associations, of every account. */
  domainNames: {
    /** The custom domain name. */
    domain: DomainNameRecord;
    /** Its base path mappings. */
    mappings: BasePathMappingRecord[];
    /** Its routing rules. */
    rules: RoutingRuleRecord[];
  }[];
  /** The domain name access associations of every account. */
  accessAssociations: AccessAssociationRecord[];
  /** EC2 resources of every account; endpoints carry their state as read now. */
  ec2: {
    /** The VPCs. */
    vpcs: VpcRecord[];
    /** The subnets. */
    subnets: SubnetRecord[];
    /** The security groups, each VPC's default group included. */
    securityGroups: SecurityGroupRecord[];
    /** The endpoints not yet gone. */
    vpcEndpoints: (VpcEndpointRecord & {
      /** Pending, available or deleting, as of the call. */
      state: VpcEndpointState;
    })[];
  };
}

/** The programmatic control API of a running sandbox. */
export interface SandboxControl {
  /** Everything the sandbox holds, for one region or all of them. */
  state(region?: string): SandboxState;
  /** Makes an operation ("UpdateRestApi", or "*" for all) answer with faults. */
  injectFaults(operation: string, spec: FaultSpec): void;
  /** Stops injecting faults into one operation, or into every operation when none is named. */
  clearFaults(operation?: string): void;
  /** Changes the delays of asynchronous work from now on; missing members are kept. */
  setDelays(delays: Partial<SandboxDelays>): void;
  /** Sets the multiplier of every quota interval (see {@link SandboxOptions.timeScale}). */
  setTimeScale(timeScale: number): void;
  /** Forgets quota usage, so a test starts with full buckets. */
  resetQuotas(): void;
  /** Registers an integration reference ("ANY:/{proxy+}") that blocks DeleteVpcLink. */
  addVpcLinkReference(vpcLinkId: string, reference: string, region?: string): void;
  /** Drops a reference registered with {@link SandboxControl.addVpcLinkReference}. */
  removeVpcLinkReference(vpcLinkId: string, reference: string, region?: string): void;
  /** Marks a link INACTIVE (no traffic for 60 days), or brings it back through PENDING. */
  setVpcLinkInactive(vpcLinkId: string, inactive?: boolean, region?: string): void;
  /** New links in this subnet go FAILED with this status message. */
  markSubnetBad(subnetId: string, statusMessage?: string): void;
  /** New per-VPCE names of this API stay unpublished until its next CreateDeployment. */
  holdDnsUntilDeployment(restApiId: string, region?: string): void;
  /** Requests signed with this access key act for this account from now on. */
  mapAccessKey(accessKeyId: string, accountId: string): void;
  /**
   * Lets the invoke plane know an IAM identity: a request signed (SigV4, service execute-api) with
   * this key and secret is that principal in endpoint and resource policies and for AWS_IAM
   * methods. Throws when a field breaks its rule.
   */
  registerIdentity(identity: SandboxIdentity): void;
  /** Copies of the API requests served so far, oldest first, optionally of one operation and/or region. */
  requestLog(filter?: { operation?: string; region?: string }): RequestLogEntry[];
  /** Empties the request log, so a test counts only its own calls. */
  clearRequestLog(): void;
  /**
   * Puts an HTTP server behind a load balancer: the invoke plane forwards requests of private
   * integrations whose `integrationTarget` is this ARN to `baseUrl` (e.g. http://127.0.0.1:8080).
   */
  registerIntegrationTarget(loadBalancerArn: string, baseUrl: string): void;
  /** Takes the server away again: requests through that load balancer fail as AWS's do. */
  unregisterIntegrationTarget(loadBalancerArn: string): void;
}

/** A running sandbox, as {@link startSandbox} returns it. */
export interface Sandbox {
  /** The HTTP endpoint for both API Gateway clients and the EC2 client, e.g. http://127.0.0.1:41234 */
  endpoint: string;
  /** Where the DNS server listens (UDP and TCP). */
  dns: {
    /** The DNS server's address. */
    host: string;
    /** The DNS server's port. */
    port: number;
  };
  /** Inspects and steers the sandbox (faults, delays, quotas, state). */
  control: SandboxControl;
  /** Environment variables that point the AWS SDK, the DNS readiness check and the doctor's probe at the sandbox. */
  env: Record<string, string>;
  /** Stops the HTTP and DNS servers; calling it again waits for the first close. */
  close(): Promise<void>;
}

const DEFAULT_DELAYS: SandboxDelays = {
  vpcLinkProvisionMs: 2000,
  vpcLinkDeleteMs: 1000,
  dnsPropagationMs: 1500,
  vpcEndpointProvisionMs: 1000,
  vpcEndpointDeleteMs: 500,
  interfaceReleaseMs: 1000,
  refusedConnectionHoldMs: 5000,
};
const DEFAULT_REGION = "us-east-1";

/** The per-VPCE DNS name of an association, as API Gateway forms it. */
export function hostnameOf(p: { restApiId: string; vpcEndpointId: string; region: string }): string {
  return perVpceHostname(p.restApiId, p.vpcEndpointId, p.region);
}

/**
 * Starts a sandbox: an HTTP endpoint for both API Gateway clients and a DNS server, on free
 * ports unless told otherwise. Point the SDK at it with the returned `env`, and `close()` it.
 * @param opts - Addresses, delays, quotas and fault seed.
 * @returns The running sandbox.
 */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const delays: SandboxDelays = { ...DEFAULT_DELAYS, ...opts.delays };
  const negativeTtl = opts.negativeTtlSeconds ?? 60;
  const maxLinks = opts.maxVpcLinksPerRegion ?? 10;
  const propagation = (hostname: string) =>
    typeof delays.dnsPropagationMs === "function" ? delays.dnsPropagationMs(hostname) : delays.dnsPropagationMs;
  const restApis = new RestApiModel(propagation, hostnameOf);
  const vpcLinks = new VpcLinkModel(() => ({
    provisionMs: delays.vpcLinkProvisionMs,
    deleteMs: delays.vpcLinkDeleteMs,
    maxLinksPerRegion: maxLinks,
    releaseMs: delays.interfaceReleaseMs,
  }));
  const restIntegrations = new RestIntegrationModel(restApis, vpcLinks);
  vpcLinks.referencesFrom = (region, id) => restIntegrations.referencesOf(region, id);
  const faults = new FaultInjector(seededRandom(opts.seed ?? Math.floor(Math.random() * 2 ** 31)));
  const quotas = new QuotaEnforcer(opts.timeScale ?? 1);
  const log: RequestLogEntry[] = [];
  const maxAssociations = opts.maxAccessAssociations ?? DEFAULT_MAX_ACCESS_ASSOCIATIONS;
  const domains = new DomainNameModel(restApis, () => maxAssociations);
  const accessKeys = new Map(Object.entries(opts.accounts ?? {}));
  const identities = new Map<string, SandboxIdentity>();
  const targets = new Map<string, string>();
  // Independent of the API Gateway models: their vpce ids need not exist in EC2.
  const ec2 = new Ec2Model(() => ({
    provisionMs: delays.vpcEndpointProvisionMs,
    deleteMs: delays.vpcEndpointDeleteMs,
    releaseMs: delays.interfaceReleaseMs,
  }));
  // A VPC link's interfaces sit in EC2 subnets: the link checks its subnets and groups, and its interfaces hold them.
  vpcLinks.network = {
    subnet: (scope, id) => {
      const s = ec2.records(scope).subnets.get(id);
      return s && { vpcId: s.vpcId, zoneId: s.availabilityZoneId };
    },
    group: (scope, id) => {
      const g = ec2.records(scope).groups.get(id);
      return g && { vpcId: g.vpcId };
    },
  };
  ec2.interfaceHolders = (scope) => vpcLinks.interfaceHolds(scope.region);

  const isPublished = (p: DnsPublication, now = Date.now()) => p.publishAt !== null && now >= p.publishAt;
  const dns: DnsServerHandle = await startDnsServer(
    {
      addressesOf: (restApiId, vpcEndpointId, region) => {
        const p = restApis.publications.get(`${region}/${restApiId}/${vpcEndpointId}`);
        return p && isPublished(p) ? endpointAddresses(vpcEndpointId) : undefined;
      },
      negativeTtl: () => negativeTtl,
      privateDomainAddresses: (name) => {
        const vpce = domains.resolve(name, propagation(name));
        return vpce ? endpointAddresses(vpce) : undefined;
      },
    },
    opts.dns?.host ?? "127.0.0.1",
    opts.dns?.port ?? 0,
  );

  const http: Server = createServer(
    createRequestHandler({
      restApis,
      restIntegrations,
      vpcLinks,
      faults,
      quotas,
      log,
      domains,
      accessKeys,
      identities,
      ec2,
      targets,
      refusedHoldMs: () => delays.refusedConnectionHoldMs,
    }),
  );
  http.keepAliveTimeout = 1000;
  try {
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
    });
  } catch (e) {
    await dns.close();
    throw e;
  }
  const address = http.address() as AddressInfo;
  const endpoint = `http://${address.address}:${address.port}`;

  const refs = (vpcLinkId: string, region = DEFAULT_REGION) => {
    vpcLinks.get(region, vpcLinkId);
    const k = vpcLinkKey(region, vpcLinkId);
    if (!vpcLinks.references.has(k)) vpcLinks.references.set(k, new Set());
    return vpcLinks.references.get(k) as Set<string>;
  };

  let closing: Promise<void> | undefined;
  const control: SandboxControl = {
    state(region) {
      const now = Date.now();
      return {
        restApis: restApis.list(region).map((a) => structuredClone(a)),
        vpcLinks: vpcLinks.listAll(region).map((l) => ({
          ...l,
          references: [
            ...(vpcLinks.references.get(vpcLinkKey(l.region, l.vpcLinkId)) ?? []),
            ...restIntegrations.referencesOf(l.region, l.vpcLinkId),
          ],
        })),
        dnsRecords: [...restApis.publications.values()]
          .filter((p) => !region || p.region === region)
          .map((p) => ({ ...p, hostname: hostnameOf(p), published: isPublished(p, now) })),
        domainNames: structuredClone(domains.allDomains().filter((d) => !region || d.domain.region === region)),
        accessAssociations: structuredClone(domains.allAssociations().filter((a) => !region || a.region === region)),
        ec2: structuredClone(ec2.all(region)),
      };
    },
    injectFaults: (operation, spec) => faults.set(operation, spec),
    clearFaults: (operation) => faults.clear(operation),
    setDelays: (d) => Object.assign(delays, d),
    setTimeScale: (scale) => {
      quotas.timeScale = scale;
    },
    resetQuotas: () => quotas.reset(),
    addVpcLinkReference: (id, reference, region) => {
      refs(id, region).add(reference);
    },
    removeVpcLinkReference: (id, reference, region) => {
      refs(id, region).delete(reference);
    },
    setVpcLinkInactive: (id, inactive = true, region = DEFAULT_REGION) => vpcLinks.setInactive(region, id, inactive),
    markSubnetBad: (subnetId, message) =>
      vpcLinks.badSubnets.set(
        subnetId,
        message ?? `Failed to create network interface in subnet ${subnetId}: insufficient free IP addresses`,
      ),
    holdDnsUntilDeployment: (restApiId, region = DEFAULT_REGION) => restApis.hold(region, restApiId),
    requestLog: (filter = {}) =>
      log
        .filter((e) => (!filter.operation || e.operation === filter.operation) && (!filter.region || e.region === filter.region))
        .map((e) => structuredClone(e)),
    clearRequestLog: () => {
      log.length = 0;
    },
    mapAccessKey: (key, account) => {
      accessKeys.set(key, account);
    },
    registerIdentity: (identity) => {
      signedCallerOf(identity);
      identities.set(identity.accessKeyId, { ...identity });
    },
    registerIntegrationTarget: (arn, baseUrl) => {
      targets.set(arn, baseUrl);
    },
    unregisterIntegrationTarget: (arn) => {
      targets.delete(arn);
    },
  };

  return {
    endpoint,
    dns: { host: dns.host, port: dns.port },
    control,
    env: {
      AWS_ENDPOINT_URL_API_GATEWAY: endpoint,
      AWS_ENDPOINT_URL_APIGATEWAYV2: endpoint,
      AWS_ENDPOINT_URL_EC2: endpoint,
      APIGW_VPC_DNS_SERVERS: `${dns.host}:${dns.port}`,
      // Where `apigw-vpc doctor --probe` sends its request (with the per-VPCE Host): the invoke plane.
      APIGW_VPC_INVOKE_ENDPOINT: endpoint,
    },
    // Idempotent: a second close() (an explicit one, then a test hook's) waits for the first.
    close: () =>
      (closing ??= (async () => {
        http.closeAllConnections();
        await Promise.all([new Promise<void>((resolve) => http.close(() => resolve())), dns.close()]);
      })()),
  };
}
