/** The JSON-patch operation of API Gateway's Update… calls, in a shape models build without the AWS SDK. */

/** One operation of an Update… call's `patchOperations`; the SDK's `PatchOperation` accepts it as is. */
export interface PatchOperation {
  /** What to do at `path`. */
  op?: "add" | "remove" | "replace" | "move" | "copy" | "test";
  /** The JSON pointer of the field. */
  path?: string;
  /** The new value, as a string. */
  value?: string;
  /** The source path of a move or copy. */
  from?: string;
}
