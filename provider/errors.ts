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
    const message = `${verb} ${kind} (${resourceId}): ${detail ?? causeText(cause)}`;
    super(message, cause === undefined ? undefined : { cause });
    // In the provider stored in state, Pulumi's closure serialization turns this class into a
    // function that calls Error without `new`, which sets nothing on `this`: set what the
    // engine's dynamic-provider host reads (the message) and what a log shows (the stack).
    this.message = message;
    if (cause !== undefined) this.cause = cause;
    this.stack ??= new Error(message).stack;
    this.name = "Error"; // the engine shows "Error: ..." like any other provider failure
  }
}

/**
 * AWS errors keep their name ("BadRequestException: ..."); plain errors are just their message.
 * Anything error-like counts, not only an `Error` instance (an error class copied by Pulumi's
 * closure serialization is not one); anything else is shown as JSON, never as "[object Object]".
 */
export function causeText(e: unknown): string {
  if (e instanceof ResourceOperationError) return e.message;
  if (typeof e !== "object" || e === null) return String(e);
  const { name, message } = e as { name?: unknown; message?: unknown };
  if (typeof message === "string") return typeof name !== "string" || name === "" || name === "Error" ? message : `${name}: ${message}`;
  try {
    return JSON.stringify(e) ?? String(e);
  } catch {
    return String(e); // a cycle
  }
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
