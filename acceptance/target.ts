/**
 * Where the acceptance suite runs: the sandbox (the default, in CI) or a real AWS account, which
 * must be asked for twice: `APIGW_VPC_ACC=aws` and an explicit region of its own, so a shell's
 * default region never decides where resources that cost money are created.
 */

/** Selects the backend: unset or "sandbox", or "aws". */
export const MODE_VAR = "APIGW_VPC_ACC";
/** The region of a real-account run; required with `APIGW_VPC_ACC=aws`. AWS_REGION and profiles are not enough. */
export const REGION_VAR = "APIGW_VPC_ACC_REGION";
/** The sandbox's region. */
export const SANDBOX_REGION = "us-east-1";

/** The backend and region of a run. */
export interface AcceptanceTarget {
  /** "sandbox": the local emulator, started by the suite. "aws": the account of the SDK's default credentials. */
  mode: "sandbox" | "aws";
  /** Where everything is created. */
  region: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** An explicit region, or an error that names the flag or variable and the rule. */
export function requireRegion(region: string | undefined, source: string): string {
  if (!region) throw new Error(`${source} is required: name the region explicitly (e.g. eu-west-1); the default region is not used`);
  if (!REGION.test(region)) throw new Error(`${source} must be an AWS region name like eu-west-1, got "${region}"`);
  return region;
}

/** The run's target from the environment; throws, before any AWS call, if a real-account run lacks its region. */
export function acceptanceTarget(env: NodeJS.ProcessEnv = process.env): AcceptanceTarget {
  const mode = env[MODE_VAR] ?? "sandbox";
  if (mode === "sandbox" || mode === "") return { mode: "sandbox", region: SANDBOX_REGION };
  if (mode !== "aws") throw new Error(`${MODE_VAR} must be "aws" or "sandbox" (or unset), got "${mode}"`);
  return { mode: "aws", region: requireRegion(env[REGION_VAR], REGION_VAR) };
}
