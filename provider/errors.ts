/**
 * One way to fail, as terraform-provider-aws does: "{verb} {resource kind} ({id}): {cause}",
 * with `Error.cause` holding the original error. Every provider builds its errors here.
 */

/** An error of one provider operation; its message already carries the verb, kind and id. */
export class ResourceOperationError extends Error {
  constructor(
    readonly verb: string,
    readonly kind: string,
    readonly resourceId: string,
    cause: unknown,
    detail?: string,
  ) {
    super(`${verb} ${kind} (${resourceId}): ${detail ?? causeText(cause)}`, cause === undefined ? undefined : { cause });
    this.name = "Error"; // the engine shows "Error: ..." like any other provider failure
  }
}

/** AWS errors keep their name ("BadRequestException: ..."); plain errors are just their message. */
export function causeText(e: unknown): string {
  if (e instanceof ResourceOperationError) return e.message;
  if (e instanceof Error) return e.name === "Error" ? e.message : `${e.name}: ${e.message}`;
  return String(e);
}

/**
 * The error for `verb kind (id)`: an error that already names its operation passes through
 * unchanged, so nested helpers never prefix twice.
 */
export function operationError(verb: string, kind: string, id: string, cause: unknown, detail?: string): ResourceOperationError {
  if (cause instanceof ResourceOperationError && detail === undefined) return cause;
  return new ResourceOperationError(verb, kind, id, cause, detail);
}

/** Runs `fn`, turning whatever it throws into {@link operationError}. */
export async function withOperation<T>(verb: string, kind: string, id: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw operationError(verb, kind, id, e);
  }
}
