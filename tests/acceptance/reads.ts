/** What AWS holds, read the same way in both modes, for the acceptance scenarios' assertions. */
import { GetRestApiCommand } from "@aws-sdk/client-api-gateway";
import { GetVpcLinkCommand, type GetVpcLinkResponse } from "@aws-sdk/client-apigatewayv2";
import { isNotFound } from "../../provider/clients";
import { acceptance } from "./hooks";

/** The link as AWS holds it, or undefined once it is gone. */
export async function readVpcLink(vpcLinkId: string): Promise<GetVpcLinkResponse | undefined> {
  return acceptance()
    .clients.apigwv2.send(new GetVpcLinkCommand({ VpcLinkId: vpcLinkId }))
    .catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
}

/** The private API's endpoint list, sorted. */
export async function endpointsOfApi(): Promise<string[]> {
  const { clients, fixture } = acceptance();
  const api = await clients.apigw.send(new GetRestApiCommand({ restApiId: fixture.restApiId }));
  return [...(api.endpointConfiguration?.vpcEndpointIds ?? [])].sort();
}
