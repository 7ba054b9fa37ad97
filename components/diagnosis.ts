/**
 * The components' `diagnose` option: after DNS readiness, run the doctor, warn with the root
 * cause, and fail the `up` only under "strict". Previews skip it (nothing is deployed to walk).
 */
import * as pulumi from "@pulumi/pulumi";
import { diagnosePrivateApi, type DiagnoseOptions, type Diagnosis } from "../provider/doctor/index";

/** `true` runs the doctor and warns; `"strict"` also fails the `up` when the path is broken. */
export type DiagnoseMode = boolean | "strict";

/** Pure: the warning for a diagnosis that is not ok, naming the root cause and its fix; undefined when ok. */
export function diagnosisWarning(subject: string, diagnosis: Diagnosis): string | undefined {
  if (diagnosis.verdict === "ok") return undefined;
  const root = diagnosis.checks.find((c) => c.status === "fail");
  if (!root) {
    const unknown = diagnosis.checks.filter((c) => c.status === "unknown" && c.unknownBecause === "unreadable").map((c) => c.id);
    return `${subject}: the doctor could not read every link (${[...new Set(unknown)].join(", ")}); run apigw-vpc doctor for details`;
  }
  const where = root.subject ? ` (${root.subject})` : "";
  return `${subject} is broken at ${root.id}${where}: ${root.summary}${root.fix ? `. Fix: ${root.fix}` : ""}`;
}

/** What {@link runComponentDiagnosis} needs. */
export interface ComponentDiagnosis {
  /** The component the warning is attached to. */
  resource: pulumi.Resource;
  /** The component's `diagnose` argument. */
  mode: DiagnoseMode | undefined;
  /** What the warning names, e.g. "PrivateApiAccess api". */
  subject: string;
  /** What the doctor walks. */
  options: DiagnoseOptions;
  /** The doctor. @default diagnosePrivateApi */
  doctor?: (o: DiagnoseOptions) => Promise<Diagnosis>;
  /** Logs a warning. @default pulumi.log.warn on the component */
  warn?: (message: string) => Promise<void>;
}

/**
 * Runs the doctor for a component (not in previews), logs a warning when the path is not ok,
 * and throws under "strict" when it is broken or unreadable.
 * @returns The diagnosis, or undefined when not run.
 */
export async function runComponentDiagnosis(run: ComponentDiagnosis): Promise<Diagnosis | undefined> {
  const { mode, subject } = run;
  if (!mode || pulumi.runtime.isDryRun()) return undefined;
  const warn = run.warn ?? ((message: string) => pulumi.log.warn(message, run.resource));
  let diagnosis: Diagnosis;
  try {
    diagnosis = await (run.doctor ?? diagnosePrivateApi)(run.options);
  } catch (e) {
    const message = `${subject}: the doctor could not run: ${(e as Error).message}`;
    if (mode === "strict") throw new Error(`diagnose: "strict": ${message}`, { cause: e });
    await warn(message);
    return undefined;
  }
  const warning = diagnosisWarning(subject, diagnosis);
  if (warning && mode === "strict") throw new Error(`diagnose: "strict": ${warning}`);
  if (warning) await warn(warning);
  return diagnosis;
}
