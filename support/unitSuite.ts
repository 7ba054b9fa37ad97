/**
 * The unit suite's setup file (.mocharc.unit.json): marks the process so the sandbox hooks and
 * the Pulumi CLI runner refuse to start, which keeps `npm run test:unit` free of both.
 */
import { UNIT_SUITE_ENV } from "./suite";

process.env[UNIT_SUITE_ENV] = "1";
