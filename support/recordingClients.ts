/**
 * A recording fake of the AWS SDK clients, for unit tests that assert that no AWS call happens
 * (check, diff, planners): every `send` of an API Gateway v1 or v2 client is recorded by command
 * name and refused, so nothing leaves the process and nothing needs the sandbox.
 */
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client } from "@aws-sdk/client-apigatewayv2";

/** The calls recorded since the last {@link RecordingClients.clear}. */
export interface RecordingClients {
  /** Command names (`GetRestApiCommand`, ...), in the order sent. */
  readonly calls: string[];
  /** Forgets the recorded calls. */
  clear(): void;
}

type Send = (command: unknown, ...rest: unknown[]) => Promise<unknown>;

/**
 * Mocha hooks: from `before` to `after`, every SDK client `send` in this process is recorded and
 * rejected instead of going out. Returns the recorder.
 */
export function useRecordingClients(): RecordingClients {
  const recorder = { calls: [] as string[], clear: () => void recorder.calls.splice(0) };
  const bases = [...new Set([Object.getPrototypeOf(APIGatewayClient.prototype), Object.getPrototypeOf(ApiGatewayV2Client.prototype)])] as {
    send: Send;
  }[];
  const originals = bases.map((b) => b.send);
  before(() => {
    for (const base of bases) {
      base.send = async function (command: unknown) {
        const name = (command as { constructor?: { name?: string } })?.constructor?.name ?? "unknown command";
        recorder.calls.push(name);
        throw new Error(`recording fake client: ${name} was sent, and this test expects no AWS call`);
      };
    }
  });
  after(() => bases.forEach((base, i) => (base.send = originals[i])));
  return recorder;
}
