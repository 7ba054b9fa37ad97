/** Id generators of the sandbox; the formats live with the providers (local/ uses provider/, never the reverse). */
export { REST_API_ID, SECURITY_GROUP_ID, SUBNET_ID, VPC_ENDPOINT_ID } from "../provider/ids";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A random lowercase alphanumeric id of the given length, as API Gateway issues them. */
export function randomId(length: number): string {
  let id = "";
  for (let i = 0; i < length; i++) id += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return id;
}

/** A random, well-formed 17-hex-digit id with the given prefix ("vpce", "subnet", "sg"). */
export function randomAwsId(prefix: string): string {
  let hex = "";
  for (let i = 0; i < 17; i++) hex += Math.floor(Math.random() * 16).toString(16);
  return `${prefix}-${hex}`;
}
