/**
 * The conformance checker on its own, with excerpts of botocore's apigatewayv2 and ec2 models
 * (the shapes as the pinned models have them): a renamed member, a wrong type, a value outside
 * the enum, a missing required member and an undeclared error code are each caught.
 */
import assert from "node:assert/strict";
import type { ServiceModel } from "../../support/awsModels";
import { checkEc2Answer, checkRestJsonAnswer, errorCodeProblem, parseXml } from "../../support/shapeConformance";

const V2: ServiceModel = {
  metadata: { protocol: "rest-json", apiVersion: "2018-11-29" },
  operations: {
    GetVpcLink: {
      name: "GetVpcLink",
      http: { method: "GET", requestUri: "/v2/vpclinks/{vpcLinkId}" },
      output: { shape: "GetVpcLinkResponse" },
      errors: [{ shape: "NotFoundException" }, { shape: "TooManyRequestsException" }],
    },
    DeleteVpcLink: { name: "DeleteVpcLink", http: { method: "DELETE", requestUri: "/v2/vpclinks/{vpcLinkId}" } },
  },
  shapes: {
    GetVpcLinkResponse: {
      type: "structure",
      members: {
        CreatedDate: { shape: "__timestampIso8601", locationName: "createdDate" },
        Name: { shape: "__string", locationName: "name" },
        SubnetIds: { shape: "SubnetIdList", locationName: "subnetIds" },
        Tags: { shape: "Tags", locationName: "tags" },
        VpcLinkId: { shape: "__string", locationName: "vpcLinkId" },
        VpcLinkStatus: { shape: "VpcLinkStatus", locationName: "vpcLinkStatus" },
      },
      required: ["VpcLinkId"],
    },
    SubnetIdList: { type: "list", member: { shape: "__string" } },
    Tags: { type: "map", key: { shape: "__string" }, value: { shape: "__string" } },
    VpcLinkStatus: { type: "string", enum: ["PENDING", "AVAILABLE", "DELETING", "FAILED", "INACTIVE"] },
    __string: { type: "string" },
    __timestampIso8601: { type: "timestamp", timestampFormat: "iso8601" },
    NotFoundException: { type: "structure", exception: true, error: {} },
    TooManyRequestsException: { type: "structure", exception: true },
  },
};

const EC2: ServiceModel = {
  metadata: { protocol: "ec2", apiVersion: "2016-11-15" },
  operations: {
    DescribeAvailabilityZones: {
      name: "DescribeAvailabilityZones",
      http: { method: "POST", requestUri: "/" },
      output: { shape: "DescribeAvailabilityZonesResult" },
    },
    DeleteVpc: { name: "DeleteVpc", http: { method: "POST", requestUri: "/" } },
  },
  shapes: {
    DescribeAvailabilityZonesResult: {
      type: "structure",
      members: { AvailabilityZones: { shape: "AvailabilityZoneList", locationName: "availabilityZoneInfo" } },
    },
    AvailabilityZoneList: { type: "list", member: { shape: "AvailabilityZone", locationName: "item" } },
    AvailabilityZone: {
      type: "structure",
      members: {
        ZoneName: { shape: "String", locationName: "zoneName" },
        ZoneId: { shape: "String", locationName: "zoneId" },
        State: { shape: "AvailabilityZoneState", locationName: "zoneState" },
      },
    },
    AvailabilityZoneState: { type: "string", enum: ["available", "information", "impaired", "unavailable", "constrained"] },
    String: { type: "string" },
  },
};

const link = {
  createdDate: "2026-12-06T17:00:00.000Z",
  name: "l",
  subnetIds: ["subnet-0123456789abcdef0"],
  tags: { team: "a" },
  vpcLinkId: "abc1234",
  vpcLinkStatus: "AVAILABLE",
};
const zones = (zone: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeAvailabilityZonesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId><availabilityZoneInfo><item>${zone}</item></availabilityZoneInfo></DescribeAvailabilityZonesResponse>`;

describe("conformance checker (AWS service models)", () => {
  it("GIVEN an answer as the model declares it THEN finds no problem", () => {
    assert.deepEqual(checkRestJsonAnswer(V2, "GetVpcLink", JSON.stringify(link)), []);
    assert.deepEqual(
      checkEc2Answer(EC2, "DescribeAvailabilityZones", zones("<zoneName>us-east-1a</zoneName><zoneState>available</zoneState>")),
      [],
    );
  });

  it("GIVEN a renamed member THEN names it, in JSON and in XML", () => {
    const { vpcLinkStatus, ...rest } = link;
    const renamed = JSON.stringify({ ...rest, status: vpcLinkStatus });
    assert.deepEqual(checkRestJsonAnswer(V2, "GetVpcLink", renamed), ["GetVpcLink $.status: not a member of GetVpcLinkResponse"]);
    const { vpcLinkId, ...noId } = link;
    assert.deepEqual(checkRestJsonAnswer(V2, "GetVpcLink", JSON.stringify({ ...noId, id: vpcLinkId })), [
      "GetVpcLink $.id: not a member of GetVpcLinkResponse",
      "GetVpcLink $: required member vpcLinkId of GetVpcLinkResponse is missing",
    ]);
    assert.deepEqual(checkEc2Answer(EC2, "DescribeAvailabilityZones", zones("<zoneName>us-east-1a</zoneName><state>available</state>")), [
      "DescribeAvailabilityZones $.availabilityZoneInfo[0].state: not a member of AvailabilityZone",
    ]);
  });

  it("GIVEN a wrong type, a value outside the enum or a bad timestamp THEN names each", () => {
    const bad = { ...link, subnetIds: "subnet-0123456789abcdef0", vpcLinkStatus: "READY", createdDate: 1765040400 };
    assert.deepEqual(checkRestJsonAnswer(V2, "GetVpcLink", JSON.stringify(bad)).sort(), [
      "GetVpcLink $.createdDate: expected an ISO 8601 timestamp, got 1765040400",
      "GetVpcLink $.subnetIds: expected a list (SubnetIdList)",
      'GetVpcLink $.vpcLinkStatus: "READY" is not one of PENDING, AVAILABLE, DELETING, FAILED, INACTIVE',
    ]);
    assert.deepEqual(checkEc2Answer(EC2, "DescribeAvailabilityZones", zones("<zoneState>up</zoneState>")), [
      'DescribeAvailabilityZones $.availabilityZoneInfo[0].zoneState: "up" is not one of available, information, impaired, unavailable, constrained',
    ]);
  });

  it("GIVEN a quirk the service is known for THEN allows exactly that one", () => {
    const lower = zones("<zoneState>Available</zoneState>").replace("Available", "available");
    assert.deepEqual(checkEc2Answer(EC2, "DescribeAvailabilityZones", lower), []);
    const camel: ServiceModel = { ...EC2, shapes: { ...EC2.shapes, AvailabilityZoneState: { type: "string", enum: ["Available"] } } };
    assert.equal(checkEc2Answer(camel, "DescribeAvailabilityZones", lower).length, 1);
    assert.deepEqual(checkEc2Answer(camel, "DescribeAvailabilityZones", lower, { camelCaseEnums: new Set(["AvailabilityZoneState"]) }), []);
  });

  it("GIVEN an operation without output THEN accepts an empty body and EC2's return, and nothing else", () => {
    assert.deepEqual(checkRestJsonAnswer(V2, "DeleteVpcLink", ""), []);
    assert.deepEqual(checkRestJsonAnswer(V2, "DeleteVpcLink", '{"deleted":true}'), [
      "DeleteVpcLink: the model declares no output, the answer has a body",
    ]);
    const answer = (inner: string) => `<DeleteVpcResponse><requestId>r</requestId>${inner}</DeleteVpcResponse>`;
    assert.deepEqual(checkEc2Answer(EC2, "DeleteVpc", answer("<return>true</return>")), []);
    assert.deepEqual(checkEc2Answer(EC2, "DeleteVpc", answer("<vpcId>vpc-1</vpcId>")), ["DeleteVpc $.vpcId: the model declares no output"]);
  });

  it("GIVEN an error code THEN allows the declared and the common ones only", () => {
    const common = new Set(["InternalFailure"]);
    assert.equal(errorCodeProblem(V2, "GetVpcLink", "NotFoundException", common), undefined);
    assert.equal(errorCodeProblem(V2, "GetVpcLink", "InternalFailure", common), undefined);
    assert.equal(
      errorCodeProblem(V2, "GetVpcLink", "BadRequestException", common),
      "GetVpcLink answered BadRequestException, which it does not declare (NotFoundException, TooManyRequestsException) and which is not a common error",
    );
  });

  it("parses EC2's XML: entities, empty elements and nesting", () => {
    const node = parseXml('<?xml version="1.0"?><a xmlns="x"><b>1 &amp; 2</b><c/><d><item>x</item></d></a>');
    assert.deepEqual(node, {
      name: "a",
      text: "",
      children: [
        { name: "b", text: "1 & 2", children: [] },
        { name: "c", text: "", children: [] },
        { name: "d", text: "", children: [{ name: "item", text: "x", children: [] }] },
      ],
    });
    assert.throws(() => parseXml("<a><b></a>"), /unexpected <\/a>/);
  });
});
