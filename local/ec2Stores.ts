/**
 * The storage under the sandbox's EC2 model (local/ec2.ts): the records of each account and
 * region, the lookups that answer AWS's NotFound codes, what holds subnets and groups (live and
 * lingering network interfaces), tags, and the snapshots the control API and the access rules read.
 */
import {
  Ec2Error,
  find,
  ID,
  missing,
  type Ec2Scope,
  type Ec2Tag,
  type Ec2Timings,
  type InterfaceHold,
  type Owned,
  type SecurityGroupRecord,
  type SubnetRecord,
  type VpcEndpointRecord,
  type VpcEndpointState,
  type VpcRecord,
} from "./ec2Records";

/** The records of one account and region. */
export interface Store {
  vpcs: Map<string, VpcRecord>;
  subnets: Map<string, SubnetRecord>;
  groups: Map<string, SecurityGroupRecord>;
  endpoints: Map<string, VpcEndpointRecord>;
  /** ClientToken -> the endpoint it created and the request it came with. */
  tokens: Map<string, { vpcEndpointId: string; request: string }>;
  /** The lingering interfaces of endpoints that are gone. */
  released: InterfaceHold[];
}

/** The records of every account and region the sandbox has seen, and what every part of the model shares. */
export abstract class Ec2Stores {
  private readonly stores = new Map<string, Store>();

  /** Interfaces of other services in the account's subnets (the VPC links of local/vpcLinks.ts), set by the sandbox. */
  interfaceHolders: (scope: Ec2Scope) => InterfaceHold[] = () => [];

  constructor(protected readonly timings: () => Ec2Timings) {}

  /** The endpoint's state at `now`. */
  stateOf(endpoint: VpcEndpointRecord, now = Date.now()): VpcEndpointState {
    if (endpoint.goneAt !== undefined) return "deleting";
    return now < endpoint.availableAt ? "pending" : "available";
  }

  /** CreateTags: every id must exist before any is tagged. */
  createTags(scope: Ec2Scope, ids: string[], tags: Ec2Tag[]): void {
    if (ids.length === 0) throw missing("resourceIdSet");
    if (tags.length === 0) throw missing("tagSet");
    const targets = ids.map((id) => this.taggable(scope, id));
    for (const t of targets) for (const tag of tags) t.tags[tag.key] = tag.value ?? "";
  }

  /** DeleteTags: a tag given with a value goes only if the value matches; no tags at all removes every tag. */
  deleteTags(scope: Ec2Scope, ids: string[], tags: Ec2Tag[]): void {
    if (ids.length === 0) throw missing("resourceIdSet");
    const targets = ids.map((id) => this.taggable(scope, id));
    for (const t of targets) {
      for (const key of Object.keys(t.tags))
        if (tags.length === 0 || tags.some((tag) => tag.key === key && (tag.value === undefined || tag.value === t.tags[key])))
          delete t.tags[key];
    }
  }

  /** Everything held, for the control API's state(). */
  all(region?: string) {
    const stores = [...this.stores.entries()].filter(([k]) => !region || k.endsWith(`/${region}`)).map(([, s]) => s);
    const now = Date.now();
    return {
      vpcs: stores.flatMap((s) => [...s.vpcs.values()]),
      subnets: stores.flatMap((s) => [...s.subnets.values()]),
      securityGroups: stores.flatMap((s) => [...s.groups.values()]),
      vpcEndpoints: stores.flatMap((s) => this.liveEndpoints(s).map((e) => ({ ...e, state: this.stateOf(e, now) }))),
    };
  }

  /** The records of one account and region, for the access rules (local/ec2Access.ts). */
  records(scope: Ec2Scope): Store {
    this.liveEndpoints(this.store(scope));
    return this.store(scope);
  }

  protected store(scope: Ec2Scope): Store {
    const key = `${scope.accountId}/${scope.region}`;
    let store = this.stores.get(key);
    if (!store) {
      store = { vpcs: new Map(), subnets: new Map(), groups: new Map(), endpoints: new Map(), tokens: new Map(), released: [] };
      this.stores.set(key, store);
    }
    return store;
  }

  /** Endpoints not yet gone; the gone ones are dropped here, lazily, leaving their interfaces behind for a while. */
  protected liveEndpoints(store: Store, now = Date.now()): VpcEndpointRecord[] {
    for (const e of store.endpoints.values())
      if (e.goneAt !== undefined && now >= e.goneAt) {
        store.endpoints.delete(e.vpcEndpointId);
        // Assumed(endpoint-interfaces-linger): a gone endpoint's interfaces hold its subnets and groups for releaseMs more.
        store.released.push({ subnetIds: e.subnetIds, groupIds: e.groupIds, until: e.goneAt + this.timings().releaseMs });
      }
    return [...store.endpoints.values()];
  }

  /** What holds subnets and groups now: live endpoints, the lingering interfaces of gone ones, and other services' interfaces. */
  protected holds(store: Store, scope: Ec2Scope, now = Date.now()): InterfaceHold[] {
    const live = this.liveEndpoints(store, now).map((e) => ({ subnetIds: e.subnetIds, groupIds: e.groupIds, until: Infinity }));
    store.released = store.released.filter((h) => h.until > now);
    return [...live, ...store.released, ...this.interfaceHolders(scope).filter((h) => h.until > now)];
  }

  protected vpc = (store: Store, id: string) => find(store.vpcs, id, "vpc");
  protected subnet = (store: Store, id: string) => find(store.subnets, id, "subnet");
  protected group = (store: Store, id: string) => find(store.groups, id, "sg");
  protected endpoint = (store: Store, id: string) => {
    this.liveEndpoints(store);
    return find(store.endpoints, id, "vpce");
  };

  protected taggable(scope: Ec2Scope, id: string): Owned {
    const store = this.store(scope);
    const kind = (Object.keys(ID) as (keyof typeof ID)[]).find((k) => ID[k].test(id));
    if (kind === "vpc") return this.vpc(store, id);
    if (kind === "subnet") return this.subnet(store, id);
    if (kind === "sg") return this.group(store, id);
    if (kind === "vpce") return this.endpoint(store, id);
    throw new Ec2Error("InvalidID", `The ID '${id}' is not valid`);
  }
}
