// wardenkit's AssemblyScript SDK for Kubewarden policies: the public API.
// sdk/README.md lists every export with an example.
export { definePolicy, SettingsParser, Decision, __guest_call } from "./lifecycle";
export {
  ValidationRequest, ValidationResponse, SettingsValidationResponse, GroupVersionKind, GroupVersionResource, UserInfo,
  Operation, ALL_OPERATIONS, accept, reject, mutate, CODE_BAD_REQUEST, CODE_INTERNAL_ERROR,
} from "./protocol";
export { SettingsReader, SettingsEntry } from "./settings";
export { JsonValue, JsonKind, JsonMember, JsonFields, JsonDocument, parseJson, parseJsonString } from "./json/value";
export { JsonSyntaxError } from "./json/validate";
export { JsonWriter, jsonString } from "./json/write";
export { setPath } from "./json/edit";
export { decimal, elementPath, describeValue, mustBe } from "./format";
export { log, LogLevel } from "./host/log";
export { ObjectMeta, describeObject } from "./k8s/object";
export { isQualifiedName, isDnsSubdomain, isQualifiedNamePart, isLabelValue } from "./k8s/names";
export { PodSpec, PodSecurityContext, SecurityContext, Capabilities, Container, ContainerKind, PodSpecLocation, podSpecOf, containerListKey } from "./k8s/pod";
export { normaliseCapability, isLinuxCapability } from "./k8s/capabilities";
export { KubernetesResult, ListOptions, GetOptions, listResourcesByNamespace, listResourcesAll, getResource } from "./host/kubernetes";
export { CanIOptions, CanIResult, canI } from "./host/can-i";
export { ManifestDigestResult, ManifestResult, ManifestAndConfigResult, manifestDigest, ociManifest, ociManifestAndConfig } from "./host/oci";
export {
  VerifyOptions, KeylessSigner, KeylessPrefixSigner, GithubActionsOptions, CertificateVerifyOptions, VerificationResult,
  verifyPubKeys, verifyKeyless, verifyKeylessPrefix, verifyGithubActions, verifyCertificate,
} from "./host/verification";
export { DnsLookupResult, dnsLookupHost } from "./host/net";
export { CertificateEncoding, Certificate, CertificateTrustOptions, CertificateTrustResult, isCertificateTrusted } from "./host/crypto";
export { asciiLower, asciiUpper, equalsIgnoreAsciiCase } from "./text/ascii-case";
export { ImageReference } from "./image/reference";
