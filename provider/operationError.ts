/**
 * Errors in the form "{verb} {resource kind} ({id}): {cause}", with the AWS error kept as
 * `Error.cause`. Used by the REST integration providers.
 */
import { errorMessage } from "./clients";

/** AWS errors keep their name ("BadRequestException: ..."); our own plain errors are just their message. */
export const causeOf = (e: unknown): string => (e instanceof Error && e.name === "Error" ? e.message : errorMessage(e));

/** Runs `fn`; a failure is rethrown as "`what`: cause". */
export async function prefixed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw Object.assign(new Error(`${what}: ${causeOf(e)}`), { cause: e });
  }
}
