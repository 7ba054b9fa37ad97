/**
 * Property-based tests (fast-check) of the pure planners: the association's add/remove plan and
 * its patch operations, the VPC link's tag diff, and the order-blind set comparison the diffs
 * use. Each property states an invariant; fast-check searches for a counterexample.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  diffAssociation,
  patchOperations,
  planAssociation,
  VPC_ENDPOINT_IDS_PATH,
  type AssociationPlan,
} from "../../provider/vpcEndpointAssociation/index";
import { diffTags } from "../../provider/vpcLink/index";
import { sameSet } from "../../provider/validation";

/** A small pool, so current, desired, managed and adopted overlap often. */
const ID_POOL = Array.from({ length: 12 }, (_, i) => `vpce-0${i.toString(16).padStart(16, "0")}`);
const ids = (minLength = 0) => fc.uniqueArray(fc.constantFrom(...ID_POOL), { minLength, maxLength: ID_POOL.length });

/** One planning situation: the API's list now, what the resource declares, and what it managed and adopted before. */
const situation = fc
  .record({
    current: ids(),
    desired: ids(1),
    managedBefore: ids(),
    exclusive: fc.boolean(),
    adoptedMask: fc.array(fc.boolean(), { minLength: ID_POOL.length, maxLength: ID_POOL.length }),
  })
  .map(({ adoptedMask, ...s }) => ({ ...s, adopted: s.managedBefore.filter((_, i) => adoptedMask[i]) }));

/**
 * Applies patch operations the way API Gateway does, one id per operation. Assumed (as the
 * sandbox assumes): adding an id already present or removing an absent one is rejected.
 */
function applyPatch(current: readonly string[], plan: AssociationPlan): string[] {
  const list = [...current];
  for (const op of patchOperations(plan)) {
    assert.equal(op.path, VPC_ENDPOINT_IDS_PATH);
    const value = op.value as string;
    const at = list.indexOf(value);
    if (op.op === "add") {
      assert.equal(at, -1, `add of ${value}, which is already associated`);
      list.push(value);
    } else {
      assert.notEqual(at, -1, `remove of ${value}, which is not associated`);
      list.splice(at, 1);
    }
  }
  return list.sort();
}

const sorted = (xs: Iterable<string>) => [...xs].sort();
const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));

describe("planner properties (fast-check)", () => {
  describe("planAssociation and patchOperations", () => {
    it("applying the plan to the current list gives the desired set, plus only ids the resource may not remove", () => {
      fc.assert(
        fc.property(situation, (s) => {
          const after = applyPatch(s.current, planAssociation(s));
          if (s.exclusive) {
            assert.deepEqual(after, sorted(s.desired));
          } else {
            assert.deepEqual(minus(s.desired, after), [], "every desired id is associated");
            const releasable = minus(minus(s.managedBefore, s.desired), s.adopted);
            assert.deepEqual(
              after.filter((id) => releasable.includes(id)),
              [],
              "ids it managed and no longer declares are gone",
            );
            assert.deepEqual(minus(minus(after, s.desired), s.current), [], "nothing undeclared is added");
          }
        }),
      );
    });

    it("never touches a foreign id (neither declared nor managed before) unless exclusive", () => {
      fc.assert(
        fc.property(situation, (s) => {
          const plan = planAssociation(s);
          const foreign = minus(minus(s.current, s.desired), s.managedBefore);
          const touched = [...plan.add, ...plan.remove];
          if (!s.exclusive)
            assert.deepEqual(
              touched.filter((id) => foreign.includes(id)),
              [],
            );
          else
            assert.deepEqual(
              sorted(plan.remove.filter((id) => foreign.includes(id))),
              sorted(foreign),
              "exclusive removes every foreign id",
            );
        }),
      );
    });

    it("never removes an adopted id unless exclusive", () => {
      fc.assert(
        fc.property(situation, (s) => {
          if (!s.exclusive)
            assert.deepEqual(
              planAssociation(s).remove.filter((id) => s.adopted.includes(id)),
              [],
            );
        }),
      );
    });

    it("re-planning the result gives an empty plan, from the old state or from the new one", () => {
      fc.assert(
        fc.property(situation, (s) => {
          const after = applyPatch(s.current, planAssociation(s));
          const empty = { add: [], remove: [] };
          assert.deepEqual(planAssociation({ ...s, current: after }), empty, "same plan inputs");
          assert.deepEqual(planAssociation({ ...s, current: after, managedBefore: s.desired }), empty, "after the update is recorded");
        }),
      );
    });

    it("is minimal: one operation per changed id, sorted, no id both added and removed", () => {
      fc.assert(
        fc.property(situation, (s) => {
          const plan = planAssociation(s);
          const after = applyPatch(s.current, plan);
          const changed = [...minus(after, s.current), ...minus(s.current, after)];
          assert.equal(patchOperations(plan).length, changed.length);
          assert.deepEqual(plan.add, sorted(new Set(plan.add)));
          assert.deepEqual(plan.remove, sorted(new Set(plan.remove)));
          assert.deepEqual(
            plan.add.filter((id) => plan.remove.includes(id)),
            [],
          );
        }),
      );
    });

    it("the order of the lists never changes the plan", () => {
      fc.assert(
        fc.property(
          situation.chain((s) => {
            const permuted = (xs: string[]) => fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length });
            return fc.tuple(
              fc.constant(s),
              fc.record({
                current: permuted(s.current),
                desired: permuted(s.desired),
                managedBefore: permuted(s.managedBefore),
                adopted: permuted(s.adopted),
              }),
            );
          }),
          ([s, lists]) => {
            assert.deepEqual(planAssociation({ ...s, ...lists }), planAssociation(s));
          },
        ),
      );
    });
  });

  describe("diffTags", () => {
    const key = fc.constantFrom("team", "env", "cost-center", "Name", "owner", "aws:cloudformation:stack-name", "AWS:created-by");
    const tags = fc.dictionary(key, fc.constantFrom("a", "b", "orders", ""), { maxKeys: 7 });
    const userOnly = (t: Record<string, string>) =>
      Object.fromEntries(Object.entries(t).filter(([k]) => !k.toLowerCase().startsWith("aws:")));
    const apply = (olds: Record<string, string>, d: { set: Record<string, string>; remove: string[] }) => {
      const out = { ...olds };
      for (const k of d.remove) delete out[k];
      return { ...out, ...d.set };
    };

    it("applying the diff to the old tags gives the new user tags, and leaves aws: tags alone", () => {
      fc.assert(
        fc.property(tags, tags, (olds, news) => {
          const after = apply(olds, diffTags(olds, news));
          assert.deepEqual(userOnly(after), userOnly(news));
          for (const [k, v] of Object.entries(olds)) if (k.toLowerCase().startsWith("aws:")) assert.equal(after[k], v);
        }),
      );
    });

    it("is minimal: sets only new or changed values, removes only keys that went away", () => {
      fc.assert(
        fc.property(tags, tags, (olds, news) => {
          const { set, remove } = diffTags(olds, news);
          for (const [k, v] of Object.entries(set)) assert.notEqual(olds[k], v, `${k} is set to the value it already has`);
          for (const k of remove) assert.ok(k in olds && !(k in news), `${k} is removed but did not go away`);
          assert.deepEqual(remove, sorted(new Set(remove)));
          const user = Object.keys(userOnly({ ...olds, ...news }));
          const changed = user.filter((k) => olds[k] !== news[k]);
          assert.equal(Object.keys(set).length + remove.length, changed.length, "one change per changed key");
        }),
      );
    });

    it("re-diffing the result gives an empty diff", () => {
      fc.assert(
        fc.property(tags, tags, (olds, news) => {
          assert.deepEqual(diffTags(apply(olds, diffTags(olds, news)), news), { set: {}, remove: [] });
        }),
      );
    });
  });

  describe("sameSet and the order-blind diffs", () => {
    it("sameSet ignores order and duplicates, and tells different sets apart", () => {
      fc.assert(
        fc.property(ids(), ids(), fc.array(fc.nat()), (a, b, dupes) => {
          const withDupes = [...a, ...dupes.filter((i) => i < a.length).map((i) => a[i])].reverse();
          assert.equal(sameSet(a, withDupes), true);
          assert.equal(sameSet(a, b), sorted(a).join() === sorted(b).join());
          assert.equal(sameSet(a, b), sameSet(b, a));
        }),
      );
    });

    it("diffAssociation reports no change for a reordered id list, and an update for a different one", () => {
      fc.assert(
        fc.property(ids(1), ids(1), (a, b) => {
          const olds = { restApiId: "abc123defg", region: "us-east-1", exclusive: false, vpcEndpointIds: a };
          assert.equal(diffAssociation(olds, { ...olds, vpcEndpointIds: [...a].reverse() }).changes, false);
          const other = diffAssociation(olds, { ...olds, vpcEndpointIds: b });
          assert.equal(other.changes, !sameSet(a, b));
          assert.deepEqual(other.replaces, []);
        }),
      );
    });
  });
});
