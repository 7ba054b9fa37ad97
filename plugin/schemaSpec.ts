/** The part of Pulumi's package schema (pulumi.json/schema) that the `apigw-vpc` plugin serves. */

export interface TypeSpec {
  readonly type?: "string" | "number" | "boolean" | "array" | "object";
  readonly items?: TypeSpec;
  readonly additionalProperties?: TypeSpec;
  /** `#/types/apigw-vpc:index:<Name>` for an object type of this schema. */
  readonly $ref?: string;
  /** The value is passed as is, never as an Output (a plain argument of the TypeScript class). */
  readonly plain?: boolean;
}

export interface PropertySpec extends TypeSpec {
  readonly description: string;
}

export interface ObjectTypeSpec {
  readonly type: "object";
  readonly description: string;
  readonly properties: Readonly<Record<string, PropertySpec>>;
  readonly required?: readonly string[];
}

/** A resource of the schema: a component (`isComponent`), or a custom resource the plugin runs CRUD for. */
export interface ComponentSpec {
  readonly isComponent?: true;
  readonly description: string;
  readonly inputProperties: Readonly<Record<string, PropertySpec>>;
  readonly requiredInputs: readonly string[];
  readonly properties: Readonly<Record<string, PropertySpec>>;
  readonly required: readonly string[];
}

export interface PackageSchema {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly license: string;
  readonly resources: Readonly<Record<string, ComponentSpec>>;
  readonly types: Readonly<Record<string, ObjectTypeSpec>>;
  readonly language: Readonly<Record<string, unknown>>;
}
