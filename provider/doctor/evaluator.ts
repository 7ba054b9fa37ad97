/** PLACEHOLDER until the shared evaluator lands (provider/accessPolicy/). */
import type { PolicyEvaluator } from "./checks/context";
export const evaluateInvokePolicy: PolicyEvaluator = () => {
  throw new Error("not yet");
};
