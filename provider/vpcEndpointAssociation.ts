/**
 * Kept for state written by 0.1.0: its stored providers `require` this path and read
 * `vpcEndpointAssociationOperations`. New code imports `./vpcEndpointAssociation/index`; the state contract is stateContract.ts.
 */
export { vpcEndpointAssociationOperations } from "./vpcEndpointAssociation/operations";
