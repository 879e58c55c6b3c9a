// `--from-cluster`: the ClusterAdmissionPolicies, AdmissionPolicies and groups the cluster
// holds, as policy documents, read through discovery so that a cluster without the group CRDs
// is read for the kinds it has.
import { ALL_POLICY_KINDS, POLICIES_API_VERSION } from "../kubewarden/policy-kinds.ts";
import type { PolicyDocument, PolicyObject } from "../manifests/policy-documents.ts";
import { ClusterError } from "../cluster/errors.ts";
import type { ClusterReader } from "./cluster-reader.ts";

const PAGE = 500;

/** What of a stored policy its manifest would hold (no status, no managed fields), with the uid and version a report names. */
function asManifest(object: PolicyObject): PolicyObject {
  const { name, namespace, labels, annotations, uid, resourceVersion } = object.metadata;
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}), uid, resourceVersion },
    spec: object.spec,
  };
}

export async function clusterPolicies(reader: ClusterReader): Promise<PolicyDocument[]> {
  const [group, version] = POLICIES_API_VERSION.split("/");
  const served = (await reader.resources(group, version).catch((err: unknown) => {
    throw err instanceof ClusterError && /HTTP 404/.test(err.message)
      ? new ClusterError(`Kubewarden is not installed in the cluster at ${reader.server}: it does not serve ${POLICIES_API_VERSION}`)
      : err;
  })).filter((r) => (ALL_POLICY_KINDS as readonly string[]).includes(r.kind));
  const documents: PolicyDocument[] = [];
  for (const resource of served) {
    for await (const page of reader.listAll(resource, undefined, PAGE)) {
      for (const item of page) documents.push({ source: `cluster ${resource.resource}`, object: asManifest(item as PolicyObject) });
    }
  }
  return documents;
}
