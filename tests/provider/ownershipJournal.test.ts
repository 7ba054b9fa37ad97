/**
 * The ownership journal's pure half (provider/ownershipJournal.ts): the tags that record the ids
 * a create is about to own stay within AWS's tag limits however many ids there are, and read
 * back as exactly those ids, for that token only.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { JOURNAL_TAG_PREFIX, journalIds, journalKeys, journalTags, restApiArn } from "../../provider/ownershipJournal";

const TOKEN = `${"ab12".repeat(8)}.0`;
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const vpceId = fc.oneof(hex(8), hex(17)).map((h) => `vpce-${h}`);
/** A tag character AWS accepts: [a-zA-Z+-=._:/], where +-= is the range from + to = (digits included). */
const TAG_TEXT = /^[a-zA-Z+-=._:/]*$/;

describe("the ownership journal (provider/ownershipJournal.ts)", () => {
  it("writes any id list in tags AWS accepts: keys ≤ 128, values ≤ 256, valid characters", () => {
    fc.assert(
      fc.property(fc.array(vpceId, { maxLength: 120 }), (ids) => {
        for (const [key, value] of Object.entries(journalTags(TOKEN, ids))) {
          assert.ok(key.length <= 128 && TAG_TEXT.test(key), key);
          assert.ok(value.length <= 256 && TAG_TEXT.test(value), value);
        }
      }),
    );
  });

  it("reads back exactly the ids written, sorted and deduplicated, whatever the order", () => {
    fc.assert(
      fc.property(fc.array(vpceId, { maxLength: 120 }), (ids) => {
        assert.deepEqual(journalIds(journalTags(TOKEN, ids), TOKEN), [...new Set(ids)].sort());
      }),
    );
  });

  it("keeps each token's journal apart, and ignores every other tag", () => {
    const tags = {
      team: "payments",
      ...journalTags(TOKEN, ["vpce-0123456789abcdef0"]),
      ...journalTags(`${"cd34".repeat(8)}.0`, ["vpce-11111111"]),
    };
    assert.deepEqual(journalIds(tags, TOKEN), ["vpce-0123456789abcdef0"]);
    assert.deepEqual(journalKeys(tags, TOKEN), [`${JOURNAL_TAG_PREFIX}${TOKEN}:0`]);
    assert.deepEqual(journalIds(tags, `${TOKEN.slice(0, -1)}1`), [], "another generation of the same resource is another journal");
    assert.deepEqual(journalIds(undefined, TOKEN), []);
  });

  it("splits 20 long ids over two keys: 11 fit in one value", () => {
    const ids = Array.from({ length: 20 }, (_, i) => `vpce-${i.toString(16).padStart(17, "0")}`);
    assert.deepEqual(Object.keys(journalTags(TOKEN, ids)), [`${JOURNAL_TAG_PREFIX}${TOKEN}:0`, `${JOURNAL_TAG_PREFIX}${TOKEN}:1`]);
  });

  it("names the REST API by its ARN in the region's partition", () => {
    assert.equal(restApiArn("us-east-1", "a1b2c3d4e5"), "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5");
    assert.equal(restApiArn("cn-north-1", "a1b2c3d4e5"), "arn:aws-cn:apigateway:cn-north-1::/restapis/a1b2c3d4e5");
  });
});
