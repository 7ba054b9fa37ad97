/**
 * Generates plugin/schema.ts, the schema the `apigw-vpc` plugin serves, from the TypeScript
 * types with the TypeScript compiler API, so the two cannot drift:
 *   - one component resource per entry of COMPONENTS (plugin/components.ts), and one custom
 *     resource per entry of RESOURCES (plugin/resources.ts), token `apigw-vpc:index:<key>`;
 *   - its inputs: the properties of the constructor's `args` type, with their TSDoc and `@default`;
 *   - its outputs: the class's `pulumi.Output<T>` properties, with their TSDoc.
 * `pulumi.Input<T>` becomes T; a non-Input argument is `plain`; a nested interface becomes an
 * object type `apigw-vpc:index:<Component><Property>`.
 *
 * Usage: `npm run gen-schema` (writes plugin/schema.ts); tests/plugin checks it is up to date.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import type { ComponentSpec, ObjectTypeSpec, PackageSchema, PropertySpec, TypeSpec } from "../plugin/schemaSpec";
import { REPO_ROOT } from "../support/pulumiRunner";

const PACKAGE = "apigw-vpc";
const COMPONENTS_FILE = join(REPO_ROOT, "plugin/components.ts");
const RESOURCES_FILE = join(REPO_ROOT, "plugin/resources.ts");
export const SCHEMA_FILE = join(REPO_ROOT, "plugin/schema.ts");

/** Union members that are only ways of passing a value late (Input) or a resource instead of its id. */
const WRAPPERS = new Set(["Promise", "OutputInstance", "Output", "RestApiResource", "DomainNameRef"]);

class Generator {
  readonly types: Record<string, ObjectTypeSpec> = {};
  constructor(private readonly checker: ts.TypeChecker) {}

  describe(symbol: ts.Symbol, where: string): string {
    const doc = ts.displayPartsToString(symbol.getDocumentationComment(this.checker)).trim();
    const def = symbol.getJsDocTags(this.checker).find((t) => t.name === "default");
    const defText = def ? ts.displayPartsToString(def.text).trim().replace(/^- /, "") : "";
    const text = [doc, defText ? `Default: ${defText}.` : ""].filter(Boolean).join(" ");
    if (!text) throw new Error(`${where} has no TSDoc: document it, the schema carries the text to other languages`);
    return text;
  }

  /** The type without `undefined`, and without Input's and the resource's alternatives. */
  private unwrap(type: ts.Type): { type: ts.Type; wrapped: boolean } {
    if (!type.isUnion()) return { type, wrapped: false };
    const absent = ts.TypeFlags.Undefined | ts.TypeFlags.Null;
    const kept = type.types.filter((t) => !(t.flags & absent) && !WRAPPERS.has(t.getSymbol()?.getName() ?? t.aliasSymbol?.getName() ?? ""));
    const wrapped = kept.length < type.types.filter((t) => !(t.flags & absent)).length;
    if (kept.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: this.checker.getBooleanType(), wrapped };
    // A union of string literals (`"HTTP" | "HTTP_PROXY"`): a string, which check() validates.
    if (kept.every((t) => t.flags & ts.TypeFlags.StringLiteral)) return { type: this.checker.getStringType(), wrapped };
    // A flag with a named mode (`boolean | "strict"`): any value, which the component checks.
    if (kept.every((t) => t.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.BooleanLiteral)))
      return { type: this.checker.getAnyType(), wrapped };
    // IAM's way of writing a value (`string | string[]` in Action and Resource, `"*" | { AWS: ... }`
    // in Principal): a string or a list or an object, which no one schema type holds. Any value,
    // which check() validates, naming the field.
    if (
      kept.length > 1 &&
      kept.some((t) => t.flags & ts.TypeFlags.StringLike) &&
      kept.every((t) => t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.Object))
    )
      return { type: this.checker.getAnyType(), wrapped };
    if (kept.length !== 1) throw new Error(`cannot map ${this.checker.typeToString(type)} to a schema type`);
    return { type: kept[0], wrapped };
  }

  typeSpec(raw: ts.Type, objectName: string, path = objectName): TypeSpec & { plain?: boolean } {
    const { type, wrapped } = this.unwrap(raw);
    const plain = wrapped ? {} : { plain: true as const };
    // Free-form JSON (a policy statement): Pulumi's schema type for any value.
    if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return { $ref: "pulumi.json#/Any", ...plain };
    if (type.flags & ts.TypeFlags.StringLike) return { type: "string", ...plain };
    if (type.flags & ts.TypeFlags.NumberLike) return { type: "number", ...plain };
    if (type.flags & ts.TypeFlags.BooleanLike) return { type: "boolean", ...plain };
    if (this.checker.isArrayType(type))
      return {
        type: "array",
        items: this.element(this.checker.getTypeArguments(type as ts.TypeReference)[0], objectName, `an item of ${path}`),
        ...plain,
      };
    const index = this.checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index && type.getProperties().length === 0)
      return { type: "object", additionalProperties: this.element(index.type, objectName, `a value of ${path}`), ...plain };
    if (type.flags & ts.TypeFlags.Object) return { $ref: `#/types/${this.objectType(type, objectName, path)}`, ...plain };
    throw new Error(`${objectName}: cannot map ${this.checker.typeToString(type)} to a schema type`);
  }

  /** An element type: its Input wrapper is dropped without making the container plain. */
  private element(type: ts.Type, objectName: string, path: string): TypeSpec {
    const { plain: _plain, ...spec } = this.typeSpec(type, objectName, path);
    return spec;
  }

  private objectType(type: ts.Type, name: string, path: string): string {
    const token = `${PACKAGE}:index:${name}`;
    const { properties, required } = this.properties(type, name, path);
    this.types[token] = { type: "object", description: `The fields of ${path}.`, properties, ...(required.length ? { required } : {}) };
    return token;
  }

  /** The properties of `type`; `owner` names nested object types, `path` says where they are in the component's args. */
  properties(type: ts.Type, owner: string, path = owner): { properties: Record<string, PropertySpec>; required: string[] } {
    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const prop of [...type.getProperties()].sort((a, b) => a.getName().localeCompare(b.getName()))) {
      const name = prop.getName();
      const propType = this.checker.getTypeOfSymbol(prop);
      const nested = `${owner}${name[0].toUpperCase()}${name.slice(1)}`;
      properties[name] = { description: this.describe(prop, `${path}.${name}`), ...this.typeSpec(propType, nested, `${path}.${name}`) };
      if (!(prop.flags & ts.SymbolFlags.Optional)) required.push(name);
    }
    return { properties, required };
  }

  /** The class's `pulumi.Output<T>` properties, read from their declared type. */
  outputs(cls: ts.ClassDeclaration, owner: string): { properties: Record<string, PropertySpec>; required: string[] } {
    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const member of cls.members) {
      if (!ts.isPropertyDeclaration(member) || !member.type || !ts.isTypeReferenceNode(member.type)) continue;
      if (member.type.typeName.getText().split(".").pop() !== "Output" || !member.type.typeArguments?.length) continue;
      const name = member.name.getText();
      const symbol = this.checker.getSymbolAtLocation(member.name) as ts.Symbol;
      const { plain: _plain, ...spec } = this.typeSpec(
        this.checker.getTypeFromTypeNode(member.type.typeArguments[0]),
        `${owner}${name[0].toUpperCase()}${name.slice(1)}`,
        `${owner}.${name}`,
      );
      properties[name] = { description: this.describe(symbol, `${owner}.${name}`), ...spec };
      const mayBeUndefined = this.checker.getTypeFromTypeNode(member.type.typeArguments[0]).isUnion()
        ? (this.checker.getTypeFromTypeNode(member.type.typeArguments[0]) as ts.UnionType).types.some(
            (t) => t.flags & ts.TypeFlags.Undefined,
          )
        : false;
      if (!member.questionToken && !mayBeUndefined) required.push(name);
    }
    return { properties: Object.fromEntries(Object.entries(properties).sort(([a], [b]) => a.localeCompare(b))), required: required.sort() };
  }
}

/** The classes of the object literal `registry` in `file`, by key. */
function registryClasses(
  program: ts.Program,
  file: string,
  registry: string,
): { key: string; symbol: ts.Symbol; cls: ts.ClassDeclaration; argsParam: ts.ParameterDeclaration }[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file) as ts.SourceFile;
  const declaration = source.statements
    .filter(ts.isVariableStatement)
    .flatMap((s) => [...s.declarationList.declarations])
    .find((d) => d.name.getText() === registry);
  if (!declaration?.initializer || !ts.isObjectLiteralExpression(declaration.initializer))
    throw new Error(`${file}: ${registry} must be an object literal`);
  return declaration.initializer.properties.map((entry) => {
    const key = entry.name?.getText() ?? "";
    let symbol = ts.isShorthandPropertyAssignment(entry)
      ? checker.getShorthandAssignmentValueSymbol(entry)
      : ts.isPropertyAssignment(entry)
        ? checker.getSymbolAtLocation(entry.initializer)
        : undefined;
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const cls = symbol?.declarations?.find(ts.isClassDeclaration);
    const argsParam = cls?.members.find(ts.isConstructorDeclaration)?.parameters[1];
    if (!symbol || !cls || !argsParam) throw new Error(`${file}: ${key} must be a class with a constructor(name, args, opts)`);
    return { key, symbol, cls, argsParam };
  });
}

/**
 * The schema for the COMPONENTS registry (of `componentsFile`) and the RESOURCES registry, from the
 * sources as they are now. `makeHost` builds the compiler host (tests pass one that reuses parsed
 * declaration files).
 */
export function generateSchema(
  componentsFile = COMPONENTS_FILE,
  resourcesFile = RESOURCES_FILE,
  makeHost: (options: ts.CompilerOptions) => ts.CompilerHost = ts.createCompilerHost,
): PackageSchema {
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ["node"],
  };
  const program = ts.createProgram([componentsFile, resourcesFile], options, makeHost(options));
  const checker = program.getTypeChecker();
  const gen = new Generator(checker);
  const resources: Record<string, ComponentSpec> = {};
  const entries = [
    ...registryClasses(program, componentsFile, "COMPONENTS").map((e) => ({ ...e, isComponent: true as const })),
    ...registryClasses(program, resourcesFile, "RESOURCES").map((e) => ({ ...e, isComponent: undefined })),
  ];
  for (const { key, symbol, cls, argsParam, isComponent } of entries) {
    const inputs = gen.properties(checker.getTypeAtLocation(argsParam), key);
    const outputs = gen.outputs(cls, key);
    resources[`${PACKAGE}:index:${key}`] = {
      ...(isComponent ? { isComponent } : {}),
      description: gen.describe(symbol, key),
      inputProperties: inputs.properties,
      requiredInputs: inputs.required,
      properties: outputs.properties,
      required: outputs.required,
    };
  }
  return {
    name: PACKAGE,
    displayName: "API Gateway private networking",
    description:
      "Components and resources for the private-networking side of AWS API Gateway: VPC endpoint access to private REST APIs, private custom domain names, HTTP API VPC links and REST integrations through them.",
    license: "Apache-2.0",
    resources,
    types: Object.fromEntries(Object.entries(gen.types).sort(([a], [b]) => a.localeCompare(b))),
    language: { python: { packageName: "pulumi_apigw_vpc", respectSchemaVersion: true } },
  };
}

/** The text of plugin/schema.ts for a schema. */
export function schemaModule(schema: PackageSchema): string {
  return [
    "// Generated by scripts/genSchema.ts from the component classes and their TSDoc (npm run gen-schema). Do not edit.",
    'import type { PackageSchema } from "./schemaSpec";',
    "",
    `export const SCHEMA: PackageSchema = ${JSON.stringify(schema, null, 2)};`,
    "",
  ].join("\n");
}

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, schemaModule(generateSchema()));
  console.log(`wrote ${SCHEMA_FILE}`);
}
