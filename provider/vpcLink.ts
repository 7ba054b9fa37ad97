/**
 * Kept for state written by 0.1.0: its stored providers `require` this path and read
 * `vpcLinkOperations`. New code imports `./vpcLink/index`; the state contract is stateContract.ts.
 */
export { vpcLinkOperations } from "./vpcLink/operations";
