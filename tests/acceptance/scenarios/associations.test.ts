/**
 * Acceptance: associate, change and disassociate endpoints on the private API through the engine,
 * with the DNS readiness of the per-VPCE names each time.
 */
import * as assert from "node:assert/strict";
import { perVpceHostname } from "../../../provider/endpointNames";
import { mustRunPulumi, stackOutputs } from "../../../support/pulumiRunner";
import { opsByType, previewSteps } from "../../../support/engine";
import { acceptance, endpointsOfApi, useScenarioStack } from "../hooks";

describe("acceptance: endpoint associations and DNS readiness", function () {
  const scenario = useScenarioStack("associations");
  const configure = (vpcEndpointIds: string[]) =>
    scenario.configure({ scenario: "associations", restApiId: acceptance().fixture.restApiId, vpcEndpointIds, tags: {} });
  const preview = async () => opsByType(previewSteps(await mustRunPulumi(scenario.ws, ["preview", "--json", "--stack", scenario.stack])));
  const upWith = async (vpcEndpointIds: string[]) => {
    configure(vpcEndpointIds);
    await mustRunPulumi(scenario.ws, ["up", "--yes", "--skip-preview", "--stack", scenario.stack]);
    return stackOutputs(scenario.ws, ["--stack", scenario.stack]);
  };
  const expectResolvable = async (vpcEndpointIds: string[], readyHostnames: unknown) => {
    const { fixture, target } = acceptance();
    const hostnames = vpcEndpointIds.map((id) => perVpceHostname(fixture.restApiId, id, target.region)).sort();
    assert.deepEqual([...(readyHostnames as string[])].sort(), hostnames);
    for (const hostname of hostnames) assert.ok((await acceptance().resolve(hostname)).length > 0, `${hostname} resolves`);
  };

  beforeEach(function () {
    this.timeout(acceptance().stepTimeoutMs);
  });

  it("associates one endpoint: the API lists it and its per-VPCE name resolves; a second preview changes nothing", async () => {
    const [a] = acceptance().fixture.vpcEndpointIds;
    const outputs = (await upWith([a])).outputs as Record<string, unknown>;
    assert.deepEqual(await endpointsOfApi(), [a]);
    assert.deepEqual(outputs.associated, [a]);
    await expectResolvable([a], outputs.readyHostnames);
    assert.deepEqual(await preview(), {});
  });

  it("changes to the other endpoint: one removed, one added, and the new name resolves", async () => {
    const [a, b] = acceptance().fixture.vpcEndpointIds;
    configure([b]);
    assert.deepEqual((await preview()).VpcEndpointAssociation, ["update"]);
    const outputs = (await upWith([b])).outputs as Record<string, unknown>;
    assert.deepEqual(await endpointsOfApi(), [b]);
    await expectResolvable([b], outputs.readyHostnames);
    assert.ok(!(await endpointsOfApi()).includes(a));
  });

  it("associates both, then disassociates all on destroy", async () => {
    const ids = [...acceptance().fixture.vpcEndpointIds].sort();
    const outputs = (await upWith(ids)).outputs as Record<string, unknown>;
    assert.deepEqual(await endpointsOfApi(), ids);
    await expectResolvable(ids, outputs.readyHostnames);
    await mustRunPulumi(scenario.ws, ["destroy", "--yes", "--skip-preview", "--stack", scenario.stack]);
    assert.deepEqual(await endpointsOfApi(), []);
  });
});
