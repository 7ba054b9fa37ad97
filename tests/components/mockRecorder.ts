/** Runs programs under Pulumi mocks (apigwVpcMocks) and records every resource registered. */
import * as pulumi from "@pulumi/pulumi";
import { apigwVpcMocks, type ApigwVpcMockOverrides } from "../../testing";

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

export async function useRecordingMocks(
  config: Record<string, string> = {},
  overrides: ApigwVpcMockOverrides = {},
): Promise<RecordedResource[]> {
  const recorded: RecordedResource[] = [];
  const mocks = apigwVpcMocks(overrides);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        recorded.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        return mocks.newResource(args);
      },
      call: (args) => mocks.call(args),
    },
    "apigw-vpc",
    "test",
    false,
  );
  pulumi.runtime.setAllConfig(config);
  return recorded;
}

/** The value of an Output (mocks resolve every output). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}
