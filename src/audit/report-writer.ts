// `wardenkit audit --report`: writes the audit's reports into the cluster. Each is created or
// replaced in one server-side apply (forced, field manager wardenkit), so a report is named by
// its object's UID and a second audit leaves one current report per object, never two. A report
// the CRD schema refuses is not sent; one the API server refuses is named with its reason, and
// the others are still written.
import { join } from "node:path";
import { KubernetesObjectApi, PatchStrategy, type KubeConfig } from "@kubernetes/client-node";
import { FIELD_MANAGER } from "../cluster/client.ts";
import { ClusterError, isNotFound, toClusterError } from "../cluster/errors.ts";
import { PACKAGE_ASSETS } from "../io/package-root.ts";
import { eachBounded } from "./bounded-each.ts";
import { describeReport, OPENREPORTS_API_VERSION, type OpenReport, type ReportKind } from "./openreports.ts";
import { REPORT_CRD_FILES, reportProblems } from "./report-schema.ts";

/** Reports written at once: enough to hide the round trip, few enough not to crowd the API server. */
export const REPORT_WRITES_IN_FLIGHT = 8;

export interface ReportFailure {
  /** `Report team-a/<uid>` */
  report: string;
  reason: string;
}

export interface ReportsWritten {
  written: number;
  failed: ReportFailure[];
}

/** KubernetesObjectApi with its discovery lookup made callable. */
class ReportApi extends KubernetesObjectApi {
  discover(apiVersion: string, kind: string) {
    return this.resource(apiVersion, kind);
  }
}

function serverOf(kubeConfig: KubeConfig): string {
  return kubeConfig.getCurrentCluster()?.server ?? "the current context's cluster";
}

/** The plural the cluster serves a report kind as; says how to install the CRD when it does not. */
async function reportResource(api: ReportApi, kind: ReportKind, server: string): Promise<string> {
  let resource: { name: string } | undefined;
  try {
    resource = await api.discover(OPENREPORTS_API_VERSION, kind);
  } catch (err) {
    // Discovery answers 404 for a group version the cluster does not serve at all.
    if (!isNotFound(err)) throw toClusterError(err, { verb: "discover", resource: OPENREPORTS_API_VERSION, server });
  }
  if (resource) return resource.name;
  const crd = join(PACKAGE_ASSETS.crds, REPORT_CRD_FILES[kind]);
  throw new ClusterError(`the cluster at ${server} does not serve ${kind} in ${OPENREPORTS_API_VERSION}: install the OpenReports CRDs (kubectl apply -f ${crd}), as Kubewarden's kubewarden-crds chart does`);
}

/** Creates or replaces each report in the cluster. */
export async function writeReports(kubeConfig: KubeConfig, reports: OpenReport[], inFlight = REPORT_WRITES_IN_FLIGHT): Promise<ReportsWritten> {
  const api = kubeConfig.makeApiClient(ReportApi);
  const server = serverOf(kubeConfig);
  const resources = new Map<ReportKind, string>();
  for (const kind of new Set(reports.map((r) => r.kind))) resources.set(kind, await reportResource(api, kind, server));

  const outcome: ReportsWritten = { written: 0, failed: [] };
  await eachBounded(reports, inFlight, async (report: OpenReport) => {
    const problems = reportProblems(report);
    if (problems.length) {
      outcome.failed.push({ report: describeReport(report), reason: `does not match the OpenReports CRD schema: ${problems.join("; ")}` });
      return;
    }
    try {
      await api.patch(structuredClone(report), undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
      outcome.written++;
    } catch (err) {
      const reason = toClusterError(err, { verb: "apply", resource: resources.get(report.kind)!, name: report.metadata.name, server }).message;
      outcome.failed.push({ report: describeReport(report), reason });
    }
  });
  return outcome;
}
