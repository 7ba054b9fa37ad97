/**
 * Checks an answer on the wire against the output shape of AWS's service model: every member
 * the answer carries must be one the shape declares (by its wire name), of the declared type,
 * within the declared enum, and every required member must be there. rest-json answers are
 * checked as JSON, EC2's as XML. Also: whether an error code is one the operation declares.
 * Pure: the models come in as arguments (support/awsModels.ts loads them).
 */
import type { MemberModel, OperationModel, ServiceModel, ShapeModel } from "./awsModels";

/** One element of an XML document: its name, child elements and text. */
export interface XmlNode {
  /** The element's name, without a namespace prefix. */
  name: string;
  /** Child elements, in order. */
  children: XmlNode[];
  /** The element's text (entities decoded), "" when it has children. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, e: string) =>
    e.startsWith("#x")
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith("#")
        ? String.fromCodePoint(Number(e.slice(1)))
        : ENTITIES[e],
  );

/** Parses the small XML of EC2's answers (elements, text, attributes ignored) into a tree. */
export function parseXml(xml: string): XmlNode {
  const stack: XmlNode[] = [{ name: "#document", children: [], text: "" }];
  const tokens = /<\?[^>]*\?>|<!--[\s\S]*?-->|<\/([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[^>]*?)?)(\/?)>|([^<]+)/g;
  for (let m = tokens.exec(xml); m; m = tokens.exec(xml)) {
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) {
      if (stack.length < 2 || top.name !== m[1].replace(/^.*:/, "")) throw new Error(`XML: unexpected </${m[1]}>`);
      stack.pop();
    } else if (m[2] !== undefined) {
      const node: XmlNode = { name: m[2].replace(/^.*:/, ""), children: [], text: "" };
      top.children.push(node);
      if (m[4] !== "/") stack.push(node);
    } else if (m[5] !== undefined && stack.length > 1) top.text += decode(m[5]);
  }
  if (stack.length !== 1 || stack[0].children.length !== 1) throw new Error("XML: not one well-formed root element");
  const trim = (n: XmlNode): XmlNode => ({ ...n, text: n.children.length ? "" : n.text, children: n.children.map(trim) });
  return trim(stack[0].children[0]);
}

const wireName = (name: string, member: MemberModel) => member.locationName ?? name;

/** Where a service is known to answer otherwise than its model says; each entry names its source. */
export interface ModelQuirks {
  /**
   * Enum shapes whose values the service answers with a lowercase first letter ("available" for
   * the model's "Available"): EC2's VpcEndpoint `State` (aws/aws-sdk#360, aws/aws-sdk-go#3555).
   */
  camelCaseEnums?: ReadonlySet<string>;
}

const enumAllows = (shapeName: string, shape: ShapeModel, value: string, quirks: ModelQuirks) =>
  (shape.enum ?? []).some(
    (e) => e === value || (quirks.camelCaseEnums?.has(shapeName) && e.charAt(0).toLowerCase() + e.slice(1) === value),
  );
const ISO8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** What a scalar's JSON value must be, as a problem or undefined. */
function scalarProblem(
  shape: ShapeModel,
  member: MemberModel,
  value: unknown,
  defaultTimestamp: string,
  quirks: ModelQuirks,
): string | undefined {
  const is = (ok: boolean, what: string) => (ok ? undefined : `expected ${what}, got ${JSON.stringify(value)}`);
  switch (shape.type) {
    case "string":
      if (typeof value !== "string") return is(false, "a string");
      return shape.enum && !enumAllows(member.shape, shape, value, quirks)
        ? `${JSON.stringify(value)} is not one of ${shape.enum.join(", ")}`
        : undefined;
    case "integer":
    case "long":
      return is(Number.isInteger(value), "an integer");
    case "float":
    case "double":
      return is(typeof value === "number", "a number");
    case "boolean":
      return is(typeof value === "boolean", "a boolean");
    case "blob":
      return is(typeof value === "string", "a base64 string");
    case "timestamp": {
      const format = member.timestampFormat ?? shape.timestampFormat ?? defaultTimestamp;
      if (format === "iso8601") return is(typeof value === "string" && ISO8601.test(value), "an ISO 8601 timestamp");
      return is(typeof value === "number", "epoch seconds");
    }
    default:
      return `the checker does not know the type ${shape.type}`;
  }
}

/** Problems of a JSON value against a shape (rest-json; timestamps default to epoch seconds). */
export function checkJson(model: ServiceModel, member: MemberModel, value: unknown, path = "$", quirks: ModelQuirks = {}): string[] {
  const shape = model.shapes[member.shape];
  if (!shape) return [`${path}: the model has no shape ${member.shape}`];
  if (value === null) return [`${path}: null (AWS leaves an absent member out)`];
  if (shape.type === "structure") {
    if (typeof value !== "object" || Array.isArray(value)) return [`${path}: expected an object (${member.shape})`];
    const members = Object.entries(shape.members ?? {}).filter(([, m]) => m.location === undefined);
    const byWire = new Map(members.map(([n, m]) => [wireName(n, m), m]));
    const problems: string[] = [];
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const m = byWire.get(key);
      if (!m) problems.push(`${path}.${key}: not a member of ${member.shape}`);
      else problems.push(...checkJson(model, m, v, `${path}.${key}`, quirks));
    }
    for (const name of shape.required ?? []) {
      const m = shape.members?.[name];
      if (m && m.location === undefined && !(wireName(name, m) in (value as object)))
        problems.push(`${path}: required member ${wireName(name, m)} of ${member.shape} is missing`);
    }
    return problems;
  }
  if (shape.type === "list") {
    if (!Array.isArray(value)) return [`${path}: expected a list (${member.shape})`];
    return value.flatMap((v, i) => checkJson(model, shape.member as MemberModel, v, `${path}[${i}]`, quirks));
  }
  if (shape.type === "map") {
    if (typeof value !== "object" || Array.isArray(value)) return [`${path}: expected a map (${member.shape})`];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
      ...checkJson(model, shape.key as MemberModel, k, `${path}{key ${k}}`, quirks),
      ...checkJson(model, shape.value as MemberModel, v, `${path}.${k}`, quirks),
    ]);
  }
  const problem = scalarProblem(shape, member, value, "unixTimestamp", quirks);
  return problem ? [`${path}: ${problem}`] : [];
}

/** An XML text as the JSON value it stands for, by the shape's type. */
function xmlScalar(shape: ShapeModel, text: string): unknown {
  if (shape.type === "integer" || shape.type === "long") return /^-?\d+$/.test(text) ? Number(text) : text;
  if (shape.type === "float" || shape.type === "double") return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : text;
  if (shape.type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  return text;
}

/** Problems of an XML element against a shape (EC2's query protocol; lists wrap `<item>`s). */
export function checkXml(model: ServiceModel, member: MemberModel, node: XmlNode, path = "$", quirks: ModelQuirks = {}): string[] {
  const shape = model.shapes[member.shape];
  if (!shape) return [`${path}: the model has no shape ${member.shape}`];
  if (shape.type === "structure") return checkXmlMembers(model, member.shape, node.children, path, quirks);
  if (shape.type === "list") {
    const itemName = shape.member?.locationName ?? "member";
    return node.children.flatMap((c, i) =>
      c.name === itemName
        ? checkXml(model, shape.member as MemberModel, c, `${path}[${i}]`, quirks)
        : [`${path}[${i}]: <${c.name}> where a list of ${member.shape} holds <${itemName}>`],
    );
  }
  if (shape.type === "map") return [`${path}: the checker does not read XML maps (${member.shape})`];
  if (node.children.length) return [`${path}: expected text (${shape.type}), got elements`];
  const problem = scalarProblem(shape, member, xmlScalar(shape, node.text), "iso8601", quirks);
  return problem ? [`${path}: ${problem}`] : [];
}

/** The child elements of a structure: each a member, none repeated, the required ones present. */
export function checkXmlMembers(
  model: ServiceModel,
  shapeName: string,
  children: XmlNode[],
  path: string,
  quirks: ModelQuirks = {},
): string[] {
  const shape = model.shapes[shapeName];
  const members = Object.entries(shape.members ?? {}).filter(([, m]) => m.location === undefined);
  const byWire = new Map(members.map(([n, m]) => [wireName(n, m), m]));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const child of children) {
    const m = byWire.get(child.name);
    if (!m) {
      problems.push(`${path}.${child.name}: not a member of ${shapeName}`);
      continue;
    }
    if (seen.has(child.name) && !m.flattened) problems.push(`${path}.${child.name}: appears twice`);
    seen.add(child.name);
    problems.push(...checkXml(model, m, child, `${path}.${child.name}`, quirks));
  }
  for (const name of shape.required ?? []) {
    const m = shape.members?.[name];
    if (m && !seen.has(wireName(name, m))) problems.push(`${path}: required member ${wireName(name, m)} of ${shapeName} is missing`);
  }
  return problems;
}

/** Problems of a successful rest-json answer's body against the operation's output shape. */
export function checkRestJsonAnswer(model: ServiceModel, operation: string, body: string, quirks: ModelQuirks = {}): string[] {
  const op = model.operations[operation];
  if (!op) return [`${operation}: not an operation of the model`];
  const text = body.trim();
  if (!op.output) return text === "" || text === "{}" ? [] : [`${operation}: the model declares no output, the answer has a body`];
  const output = model.shapes[op.output.shape];
  if (output.payload) return [`${operation}: the checker does not read payload members`];
  let value: unknown;
  try {
    value = text === "" ? {} : JSON.parse(text);
  } catch {
    return [`${operation}: the body is not JSON`];
  }
  return checkJson(model, op.output, value, "$", quirks).map((p) => `${operation} ${p}`);
}

/** The member every EC2 answer carries besides the output shape's. */
const EC2_ENVELOPE = new Set(["requestId"]);
/** `<return>true</return>`: EC2's API reference shows it in answers whose botocore shape omits it (CreateSecurityGroup, DeleteVpc). */
const isReturnTrue = (c: XmlNode) => c.name === "return" && c.text === "true" && c.children.length === 0;

/** Problems of a successful EC2 answer against the operation's output shape. */
export function checkEc2Answer(model: ServiceModel, operation: string, xml: string, quirks: ModelQuirks = {}): string[] {
  const op = model.operations[operation];
  if (!op) return [`${operation}: not an operation of the model`];
  let root: XmlNode;
  try {
    root = parseXml(xml);
  } catch (e) {
    return [`${operation}: ${(e as Error).message}`];
  }
  if (root.name !== `${operation}Response`) return [`${operation}: the root element is <${root.name}>`];
  const declaresReturn = Object.values(model.shapes[op.output?.shape ?? ""]?.members ?? {}).some((m) => m.locationName === "return");
  const members = root.children.filter((c) => !EC2_ENVELOPE.has(c.name) && (declaresReturn || !isReturnTrue(c)));
  if (!op.output) return members.map((c) => `${operation} $.${c.name}: the model declares no output`);
  return checkXmlMembers(model, op.output.shape, members, "$", quirks).map((p) => `${operation} ${p}`);
}

/** The error codes an operation declares (an error shape's code, or its name). */
export function declaredErrors(model: ServiceModel, op: OperationModel): string[] {
  return (op.errors ?? []).map((e) => model.shapes[e.shape]?.error?.code ?? e.shape);
}

/**
 * A problem when `code` is neither declared by the operation nor among `common` (the protocol's
 * errors every operation may return); undefined when it is allowed.
 */
export function errorCodeProblem(model: ServiceModel, operation: string, code: string, common: ReadonlySet<string>): string | undefined {
  const op = model.operations[operation];
  if (!op) return `${operation}: not an operation of the model`;
  if (common.has(code) || declaredErrors(model, op).includes(code)) return undefined;
  return `${operation} answered ${code}, which it does not declare (${declaredErrors(model, op).join(", ") || "none"}) and which is not a common error`;
}
