/**
 * The pure model of RestApiPolicyStatements: check() names every bad field before any AWS call,
 * diff() compares statements by meaning, parsePolicy reads AWS's escaped form, and the planner
 * touches only owned Sids (properties checked with fast-check).
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  checkPolicyStatementsInputs,
  diffPolicyStatements,
  foreignSids,
  ownedStatementsNow,
  parsePolicy,
  planStatements,
  renderPolicy,
  sameStatement,
  sidsOf,
  type PolicyStatement,
  type RestApiPolicyStatementsOutputs,
} from "../../../provider/restApiPolicyStatements/model";
import { UNKNOWN } from "../../../provider/validation";

const API = "a1b2c3d4e5";
const ENV = { AWS_REGION: "us-east-1" };

const statement = (Sid: string, vpce = "vpce-0123456789abcdef0"): PolicyStatement => ({
  Sid,
  Effect: "Allow",
  Principal: "*",
  Action: "execute-api:Invoke",
  Resource: "execute-api:/*",
  Condition: { StringEquals: { "aws:SourceVpce": vpce } },
});

const reasons = (news: Record<string, unknown>) => (checkPolicyStatementsInputs(news, ENV).failures ?? []).map((f) => f.reason);

describe("RestApiPolicyStatements model", () => {
  describe("check", () => {
    it("accepts good statements and sorts the stages", () => {
      const result = checkPolicyStatementsInputs(
        { restApiId: API, statements: [statement("A")], redeployStages: ["prod", "dev", "prod"] },
        ENV,
      );
      assert.deepEqual(result.failures, undefined);
      assert.deepEqual(result.inputs?.redeployStages, ["dev", "prod"]);
      assert.equal(result.inputs?.region, "us-east-1");
    });

    const cases: [string, Record<string, unknown>, string][] = [
      ["a missing Sid", { ...statement("A"), Sid: undefined }, "statements[0].Sid: is required"],
      ["a Sid with a space", { ...statement("A"), Sid: "my sid" }, 'statements[0].Sid: "my sid" is not a Sid'],
      ["a bad Effect", { ...statement("A"), Effect: "allow" }, 'statements[0].Effect: must be "Allow" or "Deny", got "allow"'],
      ["no Action", { ...statement("A"), Action: undefined }, "statements[0]: needs Action (or NotAction)"],
      [
        "Action and NotAction",
        { ...statement("A"), NotAction: "execute-api:Invoke" },
        "statements[0]: takes Action or NotAction, not both",
      ],
      [
        "a malformed action",
        { ...statement("A"), Action: ["execute-api:Invoke", "invoke"] },
        'statements[0].Action[1]: "invoke" is not an action',
      ],
      ["no Resource", { ...statement("A"), Resource: undefined }, "statements[0]: needs Resource (or NotResource)"],
      ["an empty Resource list", { ...statement("A"), Resource: [] }, "statements[0].Resource: must not be an empty list"],
      ["no Principal", { ...statement("A"), Principal: undefined }, "statements[0]: needs Principal (or NotPrincipal)"],
      ["a bad principal type", { ...statement("A"), Principal: { User: "x" } }, "statements[0].Principal.User: is not a principal type"],
      ["a misspelt field", { ...statement("A"), Conditions: {} }, "statements[0].Conditions: is not a statement field"],
      [
        "a bad condition",
        { ...statement("A"), Condition: { StringEquals: { "aws:SourceVpce": [] } } },
        "statements[0].Condition.StringEquals.aws:SourceVpce",
      ],
    ];
    for (const [what, s, reason] of cases) {
      it(`refuses ${what}, naming the field`, () => {
        const got = reasons({ restApiId: API, statements: [s] });
        assert.ok(
          got.some((r) => r.startsWith(reason)),
          `${JSON.stringify(got)} has no reason starting with ${reason}`,
        );
      });
    }

    it("refuses duplicate Sids, naming both statements", () => {
      assert.deepEqual(reasons({ restApiId: API, statements: [statement("A"), statement("B"), statement("A")] }), [
        'statements[2].Sid: "A" is also the Sid of statements[0]; Sids must be unique',
      ]);
    });

    it("refuses an empty list, a bad API id, bad stages and a non-boolean importExisting", () => {
      const got = reasons({ restApiId: "API", statements: [], redeployStages: ["a b"], importExisting: "yes" });
      assert.deepEqual(got, [
        'restApiId: "API" is not a REST API id (10 lowercase letters or digits)',
        "statements: must be a non-empty list of policy statements",
        'redeployStages[0]: "a b" is not a stage name (1 to 128 letters, digits, _ and -)',
        'importExisting: must be true or false, got "yes"',
      ]);
    });

    it("passes values unknown at preview: the list, a statement, a Sid, a condition value", () => {
      assert.deepEqual(reasons({ restApiId: UNKNOWN, statements: UNKNOWN, redeployStages: UNKNOWN }), []);
      const partly = { ...statement("A"), Sid: UNKNOWN, Condition: { StringEquals: { "aws:SourceVpce": [UNKNOWN] } } };
      assert.deepEqual(reasons({ restApiId: API, statements: [partly, UNKNOWN, statement("B")] }), []);
    });
  });

  describe("diff and comparison", () => {
    const olds = {
      restApiId: API,
      region: "us-east-1",
      statements: [statement("A")],
      redeployStages: [],
    } as unknown as RestApiPolicyStatementsOutputs;
    it("a change of spelling is no change; a changed condition is an update; another API replaces", () => {
      const respelt = {
        ...statement("A"),
        Action: ["execute-api:Invoke"],
        Condition: { StringEquals: { "aws:SourceVpce": ["vpce-0123456789abcdef0"] } },
      };
      assert.equal(diffPolicyStatements(olds, { ...olds, statements: [respelt] }).changes, false);
      assert.deepEqual(diffPolicyStatements(olds, { ...olds, statements: [statement("A", "vpce-0123456789abcdef1")] }), {
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      });
      assert.deepEqual(diffPolicyStatements(olds, { ...olds, restApiId: "zzzzzzzzzz" }).replaces, ["restApiId"]);
      assert.equal(diffPolicyStatements(olds, { ...olds, redeployStages: ["prod"] }).changes, true);
    });

    it("this API's full execute-api ARN means the same as the execute-api:/ shorthand AWS expands", () => {
      const stored = { ...statement("A"), Resource: `arn:aws:execute-api:us-east-1:123456789012:${API}/*` };
      assert.ok(sameStatement(stored, statement("A") as never, API));
      assert.ok(
        !sameStatement({ ...stored, Resource: "arn:aws:execute-api:us-east-1:123456789012:zzzzzzzzzz/*" }, statement("A") as never, API),
      );
    });
  });

  describe("parsePolicy", () => {
    it("reads AWS's escaped form, a plain document, a single statement object, and no policy", () => {
      const doc = { Version: "2012-10-17", Statement: [{ Sid: "A", Resource: "arn:aws:execute-api:us-east-1:1:x/*" }] };
      const escaped = JSON.stringify(JSON.stringify(doc)).slice(1, -1).replace(/\//g, "\\/");
      assert.deepEqual(parsePolicy(escaped), doc);
      assert.deepEqual(parsePolicy(JSON.stringify(doc)), doc);
      assert.deepEqual(parsePolicy(JSON.stringify({ Version: "2012-10-17", Statement: doc.Statement[0] })), doc);
      assert.deepEqual(parsePolicy(""), { Statement: [] });
      assert.deepEqual(parsePolicy(undefined), { Statement: [] });
      assert.throws(() => parsePolicy("not json"), /not a JSON policy document/);
    });

    it("renders no statement as no policy", () => {
      assert.equal(renderPolicy({ Statement: [] }), "");
      assert.equal(renderPolicy({ Statement: [{ Sid: "A" }] }), '{"Version":"2012-10-17","Statement":[{"Sid":"A"}]}');
    });
  });

  describe("planStatements", () => {
    const foreign = (Sid: string) => ({ Sid, Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" });
    it("adds at the end, replaces in place, removes released Sids, and keeps the others in order", () => {
      const current = {
        Version: "2012-10-17",
        Statement: [foreign("X"), statement("A"), foreign("Y"), statement("B"), { Effect: "Allow" }],
      };
      const plan = planStatements({
        current,
        desired: [statement("A", "vpce-0123456789abcdef9"), statement("C")],
        released: ["B"],
        restApiId: API,
      });
      assert.deepEqual([plan.add, plan.replace, plan.remove], [["C"], ["A"], ["B"]]);
      assert.deepEqual(
        plan.next?.Statement.map((s) => s.Sid ?? "(none)"),
        ["X", "A", "Y", "(none)", "C"],
      );
    });

    it("plans nothing when the policy already holds the statements, however spelt", () => {
      const stored = { ...statement("A"), Resource: `arn:aws:execute-api:us-east-1:123456789012:${API}/*` };
      assert.equal(
        planStatements({ current: { Statement: [stored] }, desired: [statement("A")], released: [], restApiId: API }).next,
        undefined,
      );
    });

    it("foreignSids: declared Sids present that were not owned", () => {
      const current = { Statement: [foreign("X"), statement("A")] };
      assert.deepEqual(foreignSids(current, ["A", "X", "Z"], ["A"]), ["X"]);
    });

    it("ownedStatementsNow: the recorded spelling when unchanged, the policy's when changed outside, none when gone", () => {
      const changed = statement("B", "vpce-0123456789abcdef9");
      const now = ownedStatementsNow(
        { Statement: [statement("A") as never, changed as never] },
        [statement("A"), statement("B"), statement("C")],
        API,
      );
      assert.deepEqual(now, [statement("A"), changed]);
    });

    const SIDS = ["A", "B", "C", "D", "E", "F"];
    const situation = fc.record({
      current: fc.uniqueArray(fc.constantFrom(...SIDS), { maxLength: 6 }),
      desired: fc.uniqueArray(fc.constantFrom(...SIDS), { minLength: 1, maxLength: 6 }),
      ownedBefore: fc.uniqueArray(fc.constantFrom(...SIDS), { maxLength: 6 }),
      variant: fc.boolean(),
    });
    it("property: after the plan, every declared statement is there once, as declared; released ones are gone; the others keep their order", () => {
      fc.assert(
        fc.property(situation, ({ current, desired, ownedBefore, variant }) => {
          const doc = { Statement: current.map((sid) => (variant ? statement(sid, "vpce-0123456789abcdef9") : statement(sid))) as never[] };
          const released = ownedBefore.filter((s) => !desired.includes(s));
          const wanted = desired.map((sid) => statement(sid));
          const plan = planStatements({ current: doc, desired: wanted, released, restApiId: API });
          const after = plan.next ?? doc;
          const sids = sidsOf(after);
          for (const s of wanted) {
            assert.equal(sids.filter((x) => x === s.Sid).length, 1);
            assert.ok(
              sameStatement(
                after.Statement.find((x) => x.Sid === s.Sid)!,
                s as never,
                API,
              ),
            );
          }
          for (const sid of released) assert.ok(!sids.includes(sid));
          const others = current.filter((s) => !desired.includes(s) && !released.includes(s));
          assert.deepEqual(
            sids.filter((s) => others.includes(s)),
            others,
          );
          // A second plan on the result has nothing left to do.
          assert.equal(planStatements({ current: after, desired: wanted, released, restApiId: API }).next, undefined);
        }),
      );
    });
  });
});
