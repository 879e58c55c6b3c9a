/** A failure talking to the cluster or reading its manifests, already phrased for the user. */
export class ClusterError extends Error {}
