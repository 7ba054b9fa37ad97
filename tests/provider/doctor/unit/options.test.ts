/** The doctor's options and flags: bad input is refused before any call, naming the flag and the rule. */
import * as assert from "node:assert/strict";
import { DoctorUsageError, optionProblems, parseDoctorArgs } from "../../../../provider/doctor/options";

const BASE = ["--region", "us-east-1", "--rest-api-id", "a1b2c3d4e5"];

describe("doctor options (pure)", () => {
  it("parses every flag into the camelCase option of the same name; --vpc-endpoint-id repeats", () => {
    const { options, json } = parseDoctorArgs([
      ...BASE,
      "--vpc-endpoint-id",
      "vpce-0123456789abcdef0",
      "--vpc-endpoint-id=vpce-01234567",
      "--stage",
      "prod",
      "--domain-name",
      "api.example.com",
      "--domain-name-id",
      "abc123",
      "--vpc-link-id",
      "lnk0abc",
      "--source-ip",
      "10.0.3.4",
      "--path",
      "/items",
      "--probe",
      "--sign-probe",
      "--json",
    ]);
    assert.equal(json, true);
    assert.deepEqual(options, {
      region: "us-east-1",
      restApiId: "a1b2c3d4e5",
      vpcEndpointIds: ["vpce-0123456789abcdef0", "vpce-01234567"],
      stageName: "prod",
      domainName: "api.example.com",
      domainNameId: "abc123",
      vpcLinkId: "lnk0abc",
      sourceIp: "10.0.3.4",
      path: "/items",
      probe: true,
      signProbe: true,
    });
  });

  const bad: [string, string[], RegExp][] = [
    ["no region", ["--rest-api-id", "a1b2c3d4e5"], /^--region is required$/],
    ["a malformed region", ["--region", "useast", "--rest-api-id", "a1b2c3d4e5"], /^--region must be an AWS region/],
    ["no API", ["--region", "us-east-1"], /^--rest-api-id is required$/],
    ["a malformed API id", ["--region", "us-east-1", "--rest-api-id", "ABC"], /^--rest-api-id must be a REST API id/],
    ["a malformed endpoint id", [...BASE, "--vpc-endpoint-id", "vpce-xyz"], /^--vpc-endpoint-id must each be a VPC endpoint id/],
    ["a domain without its id", [...BASE, "--domain-name", "api.example.com"], /^--domain-name and --domain-name-id go together/],
    ["a source that is not an address", [...BASE, "--source-ip", "10.0.0.0/8"], /^--source-ip must be an IPv4 or IPv6 address/],
    ["a relative path", [...BASE, "--path", "items"], /^--path must start with "\/"/],
    ["an unknown flag", [...BASE, "--verbose"], /Unknown option '--verbose'/],
    ["a flag without its value", [...BASE, "--stage"], /--stage/],
  ];
  for (const [what, argv, message] of bad) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => parseDoctorArgs(argv),
        (e: unknown) => e instanceof DoctorUsageError && message.test(e.message),
      );
    });
  }

  it("--help needs no other flag", () => {
    assert.equal(parseDoctorArgs(["--help"]).help, true);
  });

  it("the library's options follow the same rules, whatever their JSON shape", () => {
    assert.deepEqual(optionProblems({ region: "us-east-1", restApiId: "a1b2c3d4e5" }), []);
    assert.match(
      optionProblems({ region: "us-east-1", restApiId: "a1b2c3d4e5", vpcEndpointIds: [42 as unknown as string] })[0],
      /vpcEndpointIds must each be/,
    );
    assert.match(optionProblems({ region: 7 as unknown as string, restApiId: "a1b2c3d4e5" })[0], /region must be an AWS region/);
  });
});
