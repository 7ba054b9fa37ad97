/**
 * The one owned-set planner. A resource that manages members of a set it does not own alone
 * (the endpoint list of a REST API, the access associations of a domain) sorts the members it
 * meets into three kinds:
 *
 * - managed: members this resource made (or took on with `exclusive`/`importExisting`);
 * - adopted: desired members that were already there when first managed, which it never removes;
 * - foreign: members present that it neither declares nor manages, which it leaves alone unless
 *   it owns the whole set (`exclusive`).
 *
 * Pure: the resources turn the plan into their own calls.
 */

/** What one change does to an owned set; every list sorted and deduplicated. */
export interface OwnedSetPlan {
  /** Desired members not present: to add. */
  add: string[];
  /** Members to remove: released managed members that are present and not adopted (exclusive: every undeclared member). */
  remove: string[];
  /** Desired members present that this resource did not add itself: never removed by it. */
  adopted: string[];
  /** Present members neither desired nor managed before. */
  foreign: string[];
}

/** The facts one plan is made from. */
export interface OwnedSetState {
  /** The members the set holds now. */
  present: Iterable<string>;
  /** The members this resource declares. */
  desired: Iterable<string>;
  /** The members this resource managed before this change (none on create). */
  managedBefore: Iterable<string>;
  /** The members it had adopted before. */
  adoptedBefore: Iterable<string>;
  /** Own the whole set: remove every member it does not declare. @default false */
  exclusive?: boolean;
}

const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

/**
 * Pure: add = desired − present; remove = (managedBefore − desired − adoptedBefore) ∩ present, or
 * present − desired when exclusive; adopted = desired ∩ present that were not managed before or
 * were adopted before; foreign = present − desired − managedBefore.
 */
export function planOwnedSet(state: OwnedSetState): OwnedSetPlan {
  const present = new Set(state.present);
  const desired = new Set(state.desired);
  const managed = new Set(state.managedBefore);
  const adoptedBefore = new Set(state.adoptedBefore);
  const add = [...desired].filter((id) => !present.has(id));
  const remove = state.exclusive
    ? [...present].filter((id) => !desired.has(id))
    : [...managed].filter((id) => !desired.has(id) && present.has(id) && !adoptedBefore.has(id));
  const adopted = [...desired].filter((id) => present.has(id) && (!managed.has(id) || adoptedBefore.has(id)));
  const foreign = [...present].filter((id) => !desired.has(id) && !managed.has(id));
  return { add: sorted(add), remove: sorted(remove), adopted: sorted(adopted), foreign: sorted(foreign) };
}
