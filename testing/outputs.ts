/**
 * Awaiting an output in a unit test. `new Promise((r) => output.apply(r))` never settles when
 * the output fails (a resource's check() refused its inputs, a mock threw), and leaves the
 * test hanging until its timeout.
 */
import type * as pulumi from "@pulumi/pulumi";

/** An output's internal promise: present on every Output of @pulumi/pulumi 3.x. */
interface OutputInternals<T> {
  promise(withUnknowns?: boolean): Promise<T>;
}

/**
 * The value of an output, or its error: the promise rejects when the output fails, so a test
 * can `await` it, or `assert.rejects` it.
 * @param output - An output, for example a stack export of the program under test.
 * @returns Its value once known.
 */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as unknown as OutputInternals<T>).promise();
}

/**
 * The error an output failed with, for tests of bad input; rejects if the output has a value instead.
 * @param output - An output that should fail, e.g. one of a resource whose inputs check() refuses.
 * @returns The error.
 */
export async function outputError(output: pulumi.Output<unknown>): Promise<Error> {
  let value: unknown;
  try {
    value = await outputValue(output);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`expected the output to fail, but it has the value ${JSON.stringify(value)}`);
}
