/** The error types the sandbox answers with, as AWS names them in `x-amzn-errortype`. */
export type SandboxErrorType =
  | "BadRequestException"
  | "NotFoundException"
  | "ConflictException"
  | "TooManyRequestsException"
  | "AccessDeniedException"
  | "InternalFailure";

const STATUS: Record<SandboxErrorType, number> = {
  BadRequestException: 400,
  NotFoundException: 404,
  ConflictException: 409,
  TooManyRequestsException: 429,
  AccessDeniedException: 403,
  InternalFailure: 500,
};

/** An AWS-shaped error: the HTTP layer turns it into the header, status and JSON body AWS sends. */
export class SandboxError extends Error {
  readonly status: number;
  constructor(
    readonly errorType: SandboxErrorType,
    message: string,
    /** Extra members of the error shape, such as `limitType` or `resourceType`. */
    readonly members: Record<string, string> = {},
    /** Sent as `Retry-After` (seconds, fractional allowed) on throttling answers. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = STATUS[errorType];
  }
}

export const badRequest = (message: string) => new SandboxError("BadRequestException", message);
export const notFound = (message: string, resourceType?: string) =>
  new SandboxError("NotFoundException", message, resourceType ? { resourceType } : {});
