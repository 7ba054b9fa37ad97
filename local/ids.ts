/** Id formats shared by the sandbox's models and the providers' check(). */
export const VPC_ENDPOINT_ID = /^vpce-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
export const SUBNET_ID = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
export const SECURITY_GROUP_ID = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
export const REST_API_ID = /^[a-z0-9]{10}$/;

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
