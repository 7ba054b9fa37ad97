/**
 * Ownership that survives a crash: before a mutation adds ids to a shared list (the endpoint list
 * of a REST API), the ids it is about to own are written into tags on that REST API, a journal
 * keyed by the creation token; the journal is cleared when the mutation returns. If the process
 * dies in between (before the patch, or after it but before the engine records the result), the
 * rerun computes the same token, finds its journal and claims those ids as its own instead of
 * adopting them as someone else's, so `destroy` removes them. No flag is needed to recover.
 *
 * Tags on a REST API: keys of at most 128 characters, values of at most 256 from
 * [a-zA-Z0-9+-=._:/], at most 50 per resource. An id list longer than one value is split over
 * numbered keys. The journal lives only while a mutation is in flight, so many stacks sharing one
 * API rarely hold more than a few; when the 50 are taken, the write waits for a slot to free.
 */
import { TagResourceCommand, UntagResourceCommand, type APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { partitionOf } from "./endpointNames";
import { retryDelayMs, DEFAULT_RETRY_POLICY } from "./retry";

/** The prefix of every journal tag key; the creation token and a chunk number follow. */
export const JOURNAL_TAG_PREFIX = "pulumi-apigw-vpc:journal:";
/** The separator of ids in a journal value (a space is not a valid tag character). */
const SEPARATOR = "/";
const MAX_VALUE = 256;

/** The ARN of a REST API, as the tag operations take it. */
export function restApiArn(region: string, restApiId: string): string {
  return `arn:${partitionOf(region)}:apigateway:${region}::/restapis/${restApiId}`;
}

/** Pure: the journal's tags for `ids` under `token`, split so no value exceeds 256 characters. */
export function journalTags(token: string, ids: readonly string[]): Record<string, string> {
  const chunks: string[][] = [[]];
  for (const id of [...new Set(ids)].sort()) {
    const last = chunks[chunks.length - 1];
    if (last.length && [...last, id].join(SEPARATOR).length > MAX_VALUE) chunks.push([id]);
    else last.push(id);
  }
  return Object.fromEntries(chunks.map((chunk, i) => [`${JOURNAL_TAG_PREFIX}${token}:${i}`, chunk.join(SEPARATOR)]));
}

/** Pure: the journal keys of `token` among a resource's tags. */
export function journalKeys(tags: Record<string, string> | undefined, token: string): string[] {
  const prefix = `${JOURNAL_TAG_PREFIX}${token}:`;
  return Object.keys(tags ?? {})
    .filter((k) => k.startsWith(prefix))
    .sort();
}

/** Pure: the ids the journal of `token` names (none if it has no journal). */
export function journalIds(tags: Record<string, string> | undefined, token: string): string[] {
  const ids = journalKeys(tags, token).flatMap((k) => (tags?.[k] ?? "").split(SEPARATOR));
  return [...new Set(ids.filter(Boolean))].sort();
}

/**
 * True for the refusal of a tag beyond the resource's limit of 50: a slot frees when another
 * journal is cleared. Assumed(journal-tag-limit-refusal): AWS refuses the 51st tag with a
 * BadRequestException whose message speaks of the limit.
 */
function isTagLimit(e: unknown): boolean {
  const error = e as { name?: string; message?: string } | undefined;
  return error?.name === "BadRequestException" && /too many tags|at most 50|tag limit|limit/i.test(error.message ?? "");
}

/**
 * Writes the journal of `token` (replacing an older one of the same token). While the API holds
 * 50 tags, it waits and tries again, within `budgetMs`. Assumed(rest-api-tags-repeatable):
 * TagResource sets keys and values and UntagResource drops keys (absent ones too), so a resend
 * after a lost answer gives the same result; the reads client may send them.
 */
export async function writeJournal(
  client: APIGatewayClient,
  arn: string,
  token: string,
  ids: readonly string[],
  budgetMs = DEFAULT_RETRY_POLICY.maxTotalMs,
): Promise<void> {
  const startedAt = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TagResourceCommand({ resourceArn: arn, tags: journalTags(token, ids) }));
      return;
    } catch (e) {
      const delay = retryDelayMs(Math.min(attempt, 8), DEFAULT_RETRY_POLICY);
      if (!isTagLimit(e) || Date.now() + delay - startedAt > budgetMs) throw e;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** Clears the journal keys given (none: no call); see writeJournal on resends. */
export async function clearJournal(client: APIGatewayClient, arn: string, keys: readonly string[]): Promise<void> {
  if (keys.length) await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: [...keys] }));
}
