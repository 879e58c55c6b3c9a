// Checks a report against the schema of the OpenReports CRD wardenkit ships (deploy/crds/,
// served storage version v1alpha1), so a report the API server would refuse is never sent.
import { join } from "node:path";
import { PACKAGE_ASSETS } from "../io/package-root.ts";
import { loadCrdSchema, type CrdValidator } from "../manifests/crd-schema.ts";
import { describeSchemaErrors } from "../manifests/schema-errors.ts";
import { describeReport, type OpenReport, type ReportKind } from "./openreports.ts";

export const REPORT_CRD_FILES: Record<ReportKind, string> = {
  Report: "openreports.io_reports.yaml",
  ClusterReport: "openreports.io_clusterreports.yaml",
};
const REPORT_SCHEMA_VERSION = "v1alpha1";

const validators = new Map<ReportKind, CrdValidator>();

function validatorFor(kind: ReportKind): CrdValidator {
  let validator = validators.get(kind);
  if (!validator) validators.set(kind, (validator = loadCrdSchema(join(PACKAGE_ASSETS.crds, REPORT_CRD_FILES[kind]), REPORT_SCHEMA_VERSION, kind)));
  return validator;
}

/** What the CRD schema refuses in the report, one sentence per field; empty when it accepts it. */
export function reportProblems(report: OpenReport): string[] {
  const { scope, validate } = validatorFor(report.kind);
  const problems: string[] = [];
  if ((scope === "Namespaced") !== (report.metadata.namespace !== undefined)) {
    problems.push(scope === "Namespaced" ? "metadata.namespace must be set" : "metadata.namespace must not be set");
  }
  if (!validate(report)) problems.push(...describeSchemaErrors(validate.errors!, report));
  return problems;
}

/** Throws naming every field the CRD schema refuses. */
export function checkReport(report: OpenReport): void {
  const problems = reportProblems(report);
  if (problems.length) throw new Error(`${describeReport(report)} does not match the OpenReports CRD schema: ${problems.join("; ")}`);
}
