/** Which test suite the process runs; set by the unit suite's setup file (support/unitSuite.ts). */
export const UNIT_SUITE_ENV = "APIGW_VPC_UNIT_SUITE";

/** Throws inside the unit suite, which starts no sandbox and no engine; `what` names what a test tried to start. */
export function assertNotUnitSuite(what: string): void {
  if (process.env[UNIT_SUITE_ENV] === "1") {
    throw new Error(`the unit suite starts no ${what}: move this test to the sandbox suite (tests/local, tests/provider) or to tests/e2e`);
  }
}
