// A test module that calls each host-capability wrapper of the SDK named in
// its settings; each call becomes one warning "name: result", which
// test/sdk/host-capabilities.test.ts compares with what a replay session answered.
import {
  definePolicy, ALL_OPERATIONS, SettingsReader, ValidationRequest, ValidationResponse, accept, decimal,
  manifestDigest, ociManifest, ociManifestAndConfig, ManifestDigestResult, ManifestResult, ManifestAndConfigResult,
  verifyPubKeys, verifyKeyless, verifyKeylessPrefix, verifyGithubActions, verifyCertificate, VerificationResult,
  VerifyOptions, KeylessSigner, KeylessPrefixSigner, GithubActionsOptions, CertificateVerifyOptions,
  dnsLookupHost, DnsLookupResult, isCertificateTrusted, Certificate, CertificateEncoding, CertificateTrustOptions,
  CertificateTrustResult, canI, CanIOptions, CanIResult,
} from "@wardenkit/sdk";

class Calls {
  constructor(readonly names: string[]) {}
}

function parseSettings(reader: SettingsReader): Calls {
  return new Calls(reader.stringList("calls"));
}

function yesNo(flag: bool): string {
  return flag ? "yes" : "no";
}

function digest(): string {
  const found: ManifestDigestResult = manifestDigest("ghcr.io/org/app:v1");
  return [yesNo(found.ok), found.digest, found.error].join(" | ");
}

function manifest(): string {
  const found: ManifestResult = ociManifest("ghcr.io/org/app:v1");
  return [yesNo(found.ok), yesNo(found.isIndex), decimal(found.manifest.get("manifests").length), found.error].join(" | ");
}

function manifestAndConfig(): string {
  const found: ManifestAndConfigResult = ociManifestAndConfig("ghcr.io/org/app:v1");
  return [yesNo(found.ok), found.manifest.get("mediaType").stringOr(""), found.digest, found.config.path("config.User").stringOr(""), found.error].join(" | ");
}

function verified(result: VerificationResult): string {
  return [yesNo(result.ok), yesNo(result.isTrusted), result.digest, result.error].join(" | ");
}

function annotations(): Map<string, string> {
  const map = new Map<string, string>();
  map.set("env", "prod");
  return map;
}

function verification(name: string): string {
  const image = "ghcr.io/org/app:v1";
  if (name == "pubKeys") return verified(verifyPubKeys(image, ["KEY"], { annotations: annotations() }));
  if (name == "pubKeysPlain") return verified(verifyPubKeys(image, ["KEY"], new VerifyOptions()));
  const exact: KeylessSigner[] = [{ issuer: "https://issuer", subject: "me@example.com" }];
  if (name == "keyless") return verified(verifyKeyless(image, exact));
  const prefix: KeylessPrefixSigner[] = [{ issuer: "https://issuer", urlPrefix: "https://github.com/org/" }];
  if (name == "keylessPrefix") return verified(verifyKeylessPrefix(image, prefix, { annotations: annotations() }));
  const github: GithubActionsOptions = { repo: "app", annotations: null };
  if (name == "githubActions") return verified(verifyGithubActions(image, "org", github));
  const certificate: CertificateVerifyOptions = { certificateChain: ["AB"], requireRekorBundle: false, annotations: null };
  if (name == "certificateSignature") return verified(verifyCertificate(image, "CD", certificate));
  return "<unknown call " + name + ">";
}

function dns(): string {
  const found: DnsLookupResult = dnsLookupHost("registry.internal");
  return [yesNo(found.ok), found.ips.join(","), found.error].join(" | ");
}

function certificate(): string {
  const der = new Uint8Array(2);
  der[0] = 1;
  der[1] = 255;
  const options: CertificateTrustOptions = { chain: [Certificate.der(der)], notAfter: "2030-01-01T00:00:00Z" };
  const check: CertificateTrustResult = isCertificateTrusted(Certificate.pem("AB"), options);
  const plain = new Certificate(CertificateEncoding.Pem, new Uint8Array(0));
  const unset = isCertificateTrusted(plain);
  return [yesNo(check.ok), yesNo(check.trusted), check.reason, check.error, yesNo(unset.ok), unset.error].join(" | ");
}

function review(): string {
  const options: CanIOptions = { groups: ["devs"], group: "apps", version: "v1", namespace: "shop", name: "web", subresource: "scale", disableCache: true };
  const result: CanIResult = canI("alice", "update", "deployments", options);
  const bare = canI("bob", "delete", "namespaces");
  return [
    yesNo(result.ok), yesNo(result.allowed), yesNo(result.denied), result.reason, result.evaluationError, result.error,
    yesNo(bare.ok), yesNo(bare.allowed), yesNo(bare.denied), bare.reason,
  ].join(" | ");
}

function call(name: string): string {
  if (name == "digest") return digest();
  if (name == "manifest") return manifest();
  if (name == "manifestAndConfig") return manifestAndConfig();
  if (name == "dns") return dns();
  if (name == "certificate") return certificate();
  if (name == "canI") return review();
  return verification(name);
}

function validate(request: ValidationRequest, calls: Calls): ValidationResponse {
  const response = accept();
  for (let i = 0; i < calls.names.length; i++) response.warn(calls.names[i] + ": " + call(calls.names[i]));
  return response;
}

definePolicy<Calls>(parseSettings, validate, ALL_OPERATIONS);
export { __guest_call } from "@wardenkit/sdk";
