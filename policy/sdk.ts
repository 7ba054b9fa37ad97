/**
 * Loads @pulumi/policy, an optional peer dependency of pulumi-apigw-vpc: only users of the
 * policies install it. When it is missing, both the runnable pack and `pulumi-apigw-vpc/policy`
 * fail with a message that names it and says how to install it, not a bare "Cannot find module".
 */
import type * as policySdk from "@pulumi/policy";

/** The range of @pulumi/policy this package supports: its peerDependencies entry. */
export const POLICY_SDK_RANGE = "^1.21.0";

/** The error thrown when @pulumi/policy cannot be loaded from the project. */
export const MISSING_POLICY_SDK =
  "pulumi-apigw-vpc's policies need @pulumi/policy, an optional peer dependency that is not installed: " +
  `run \`npm install @pulumi/policy@${POLICY_SDK_RANGE}\` in the project that runs the policy pack`;

function isMissingModule(e: unknown, name: string): boolean {
  if (!(e instanceof Error) || (e as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") return false;
  // The first line names the module that was not found; later lines list who required it.
  return e.message.split("\n")[0].includes(`'${name}'`);
}

/** @pulumi/policy, resolved from the project the way Node.js resolves it from this package. */
export function loadPolicySdk(): typeof policySdk {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load whose failure we can catch and explain
    return require("@pulumi/policy") as typeof policySdk;
  } catch (e) {
    if (isMissingModule(e, "@pulumi/policy")) throw new Error(MISSING_POLICY_SDK, { cause: e });
    throw e;
  }
}
