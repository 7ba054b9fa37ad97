/**
 * Kept for state written by 0.1.0: its stored providers `require` this path and read
 * `endpointDnsReadinessOperations`. New code imports `./endpointDnsReadiness/index`; the state contract is stateContract.ts.
 */
export { endpointDnsReadinessOperations } from "./endpointDnsReadiness/operations";
