// Every failure of the registry client is a RegistryError whose message is one sentence
// naming what failed; the wording lives here so it stays consistent and testable.
import { redact } from "../io/redact.ts";
import { MiB } from "./limits.ts";

/** Its message is redacted: it may carry a registry's own words, a realm URL or a reference. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(redact(message));
  }
}

/** `4 MiB`, or the exact bytes when that is not a whole number of MiB. */
export function formatLimit(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

export const registryMessages = {
  unreachable: (registry: string, why: string) => `cannot reach the registry at ${registry} (${why})`,
  /** `helperProblem`: why a configured credential helper gave none, which replaces the generic advice. */
  unauthorized: (registry: string, realm: string, sentAs: string | undefined, helperProblem?: string) =>
    sentAs
      ? `registry ${registry} refused the credentials of user '${sentAs}' (401, realm "${realm}")`
      : `registry ${registry} requires credentials (401, realm "${realm}") and none were sent; ` +
        (helperProblem ?? `set WARDENKIT_REGISTRY_USER and WARDENKIT_REGISTRY_PASSWORD or log in with docker login`),
  forbidden: (registry: string, repository: string, sentAs: string | undefined) =>
    `registry ${registry} denied access to ${repository} (403) for ${sentAs ? `user '${sentAs}'` : "anonymous access"}`,
  tokenRefused: (realm: string, status: number, sentAs: string | undefined, helperProblem?: string) =>
    `the token service ${realm} refused to issue a token (${status}) ${sentAs ? `for user '${sentAs}'` : "without credentials"}` +
    (helperProblem ? `; ${helperProblem}` : ""),
  tokenMissing: (realm: string) => `the token service ${realm} answered without a token or access_token field`,
  unknownChallenge: (registry: string, header: string) =>
    `registry ${registry} asked for an unsupported authentication scheme: ${header}`,
  challengeWithoutRealm: (registry: string) => `registry ${registry} asked for a token (Bearer) without naming a realm to get it from`,
  notFound: (what: string, registry: string) => `${what} not found on registry ${registry} (404)`,
  unexpectedStatus: (action: string, registry: string, status: number, detail: string) =>
    `${action} on registry ${registry} failed with HTTP ${status}${detail ? `: ${detail}` : ""}`,
  digestMismatch: (what: string, expected: string, actual: string) =>
    `digest mismatch for ${what}: expected ${expected} but got ${actual}`,
  wrongLayerType: (mediaType: string, expected: string) =>
    `the artifact has a layer of media type ${mediaType}, not ${expected}; it is not a Kubewarden policy`,
  noLayers: (reference: string) => `the manifest of ${reference} has no layers`,
  notWasm: (what: string) => `${what} is not a WebAssembly module (it does not start with \\0asm)`,
  missingMetadata: (what: string) =>
    `${what} has no Kubewarden metadata section; build it with wardenkit or push with --force`,
  pushToDigest: (reference: string) => `cannot push to ${reference}: a push names a tag, not a digest`,
  tagTaken: (reference: string, existing: string, pushing: string) =>
    `${reference} already names ${existing}, and this module would move it to ${pushing}; ` +
    `a published version should not change: raise the version in package.json, or pass --force to move the tag`,
  badManifest: (reference: string, why: string) => `the manifest of ${reference} is not usable: ${why}`,
  manifestTooLarge: (what: string, limit: number, declared?: number) =>
    `${what} is larger than the ${formatLimit(limit)} limit for manifests${declared === undefined ? "" : ` (the registry announced ${declared} bytes)`}; it was not read`,
  moduleTooLarge: (what: string, size: number, limit: number) =>
    `${what} is ${size} bytes, more than the module size limit of ${formatLimit(limit)}; --max-module-size raises it`,
  blobOverrun: (what: string, declared: number, announced?: number) =>
    `${what} is ${announced === undefined ? "longer than" : `announced as ${announced} bytes, not`} the ${declared} bytes its descriptor declares; the download was stopped`,
  cutOff: (what: string, why: string) => `${what} could not be read to the end: ${why}`,
  blobShort: (what: string, declared: number, received: number) =>
    `${what} ended after ${received} of the ${declared} bytes its descriptor declares`,
};
