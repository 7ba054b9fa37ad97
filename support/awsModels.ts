/**
 * AWS's own service models (botocore's `service-2.json`) for the services the sandbox speaks, read
 * from the AWS CLI that `scripts/aws-cli.sh` installs at a pinned version: the CLI ships botocore,
 * and botocore ships the models. Nothing is fetched at test time and nothing is committed.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";

/** The services whose models the conformance test reads, by botocore's names. */
export type ServiceName = "apigateway" | "apigatewayv2" | "ec2";

/** A reference from a structure, list or map to a shape, with its wire traits. */
export interface MemberModel {
  /** The shape's name in the model. */
  shape: string;
  /** The name on the wire (JSON key or XML element), when it differs from the member's name. */
  locationName?: string;
  /** Where a member travels outside the body: header, headers, uri, querystring or statusCode. */
  location?: string;
  /** A timestamp's wire format for this member: iso8601, unixTimestamp or rfc822. */
  timestampFormat?: string;
  /** For XML lists: items repeat in place of a wrapping element. */
  flattened?: boolean;
}

/** One shape of a model. */
export interface ShapeModel {
  /** structure, list, map, string, integer, long, float, double, boolean, timestamp or blob. */
  type: string;
  /** A structure's members, by name. */
  members?: Record<string, MemberModel>;
  /** A structure's required members, by name. */
  required?: string[];
  /** A list's item. */
  member?: MemberModel;
  /** A map's key. */
  key?: MemberModel;
  /** A map's value. */
  value?: MemberModel;
  /** A string's allowed values. */
  enum?: string[];
  /** A timestamp's wire format. */
  timestampFormat?: string;
  /** True for the shapes of errors. */
  exception?: boolean;
  /** An error's code when it differs from the shape's name. */
  error?: { code?: string };
  /** The member that is the whole body of a rest-json answer. */
  payload?: string;
  /** For XML lists: items repeat in place of a wrapping element. */
  flattened?: boolean;
}

/** One operation of a model. */
export interface OperationModel {
  /** The operation's name, e.g. "GetVpcLink". */
  name: string;
  /** The HTTP method and path template (rest-json), or POST / (ec2). */
  http: { method: string; requestUri: string; responseCode?: number };
  /** The input shape. */
  input?: { shape: string };
  /** The output shape; absent when the answer carries no members. */
  output?: { shape: string };
  /** The errors the operation declares. */
  errors?: { shape: string }[];
}

/** A service model as botocore ships it. */
export interface ServiceModel {
  /** The protocol ("rest-json", "ec2") and API version. */
  metadata: { protocol: string; apiVersion: string; serviceId?: string };
  /** Operations, by name. */
  operations: Record<string, OperationModel>;
  /** Shapes, by name. */
  shapes: Record<string, ShapeModel>;
}

/** Where scripts/aws-cli.sh puts the CLI's virtualenv (the same default and variable). */
export function awsCliDir(): string {
  return process.env.APIGW_VPC_AWSCLI_DIR ?? resolve(__dirname, "../../.cache/awscli");
}

/** The `aws` executable of that virtualenv. */
export function awsCliBinary(): string {
  return join(awsCliDir(), "bin", "aws");
}

/** Thrown when the CLI (and so the models) is not installed; the message says how to install it. */
export class ModelsMissingError extends Error {
  constructor(where: string) {
    super(`AWS's service models are not installed (looked in ${where}): run \`bash scripts/aws-cli.sh\` first`);
    this.name = "ModelsMissingError";
  }
}

/** The botocore data folder of the CLI's virtualenv: awscli 1.46 vendors botocore inside awscli/. */
function botocoreData(dir = awsCliDir()): string {
  const lib = join(dir, "lib");
  const pythons = existsSync(lib) ? readdirSync(lib).filter((d) => d.startsWith("python")) : [];
  for (const python of pythons)
    for (const pkg of ["awscli/botocore", "botocore"]) {
      const data = join(lib, python, "site-packages", pkg, "data");
      if (existsSync(join(data, "ec2"))) return data;
    }
  throw new ModelsMissingError(dir);
}

const cache = new Map<ServiceName, ServiceModel>();

/** The newest API version's model of the service, as JSON or gzipped JSON. */
export function loadServiceModel(service: ServiceName): ServiceModel {
  const cached = cache.get(service);
  if (cached) return cached;
  const root = join(botocoreData(), service);
  const version = readdirSync(root)
    .filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v))
    .sort()
    .pop();
  if (!version) throw new ModelsMissingError(root);
  const plain = join(root, version, "service-2.json");
  const text = existsSync(plain) ? readFileSync(plain, "utf8") : gunzipSync(readFileSync(`${plain}.gz`)).toString("utf8");
  const model = JSON.parse(text) as ServiceModel;
  cache.set(service, model);
  return model;
}
