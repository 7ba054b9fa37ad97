/**
 * One stack of the fleet-scale benchmark (fleetScale.ts) in its own process:
 * `node fleetWorker.js <restApiId> <first vpce id> <second vpce id>`. It loads the provider,
 * prints "ready", waits for a line on stdin, runs create, update and delete, and prints
 * `{"failed": [...]}`.
 */
import { stackLife } from "./fleetScale";

async function main(): Promise<void> {
  const [restApiId, first, second] = process.argv.slice(2);
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  const failed = await stackLife(restApiId, first, second);
  process.stdout.write(`${JSON.stringify({ failed })}\n`);
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ failed: [`worker: ${(e as Error).message}`] })}\n`);
  process.exitCode = 1;
});
