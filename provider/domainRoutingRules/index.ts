/** DomainRoutingRules: model (pure), operations (AWS calls) and class. */
export * from "./model";
export * from "./operations";
export * from "./resource";
