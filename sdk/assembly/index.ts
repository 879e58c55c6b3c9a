// wardenkit's AssemblyScript SDK for Kubewarden policies.
export { handleCall, ValidateFn, ValidateSettingsFn } from "./dispatch";
export {
  ValidationRequest, ValidationResponse, SettingsValidationResponse, GroupVersionKind, GroupVersionResource, UserInfo,
  accept, reject, acceptWithWarnings, mutate, settingsValid, settingsInvalid, settingsVerdict,
  CODE_BAD_REQUEST, CODE_FORBIDDEN, CODE_INTERNAL_ERROR,
} from "./protocol";
export { JsonValue, JsonKind, JsonMember, JsonDocument, parseJson, parseJsonString } from "./json/value";
export { setPath } from "./json/edit";
export { log, logInfo, logWarning, logDebug, LogLevel } from "./host/log";
export { wardenkitAbort } from "./abort";
export { SettingsReader } from "./settings";
export { ObjectMeta, describeObject } from "./k8s/object";
export { isQualifiedName, isDnsSubdomain, isQualifiedNamePart } from "./k8s/names";
export { PodSpec, PodSecurityContext, SecurityContext, Capabilities, Container, ContainerKind, PodSpecLocation, podSpecOf, containerListKey } from "./k8s/pod";
export { normaliseCapability, isLinuxCapability } from "./k8s/capabilities";
export { KubernetesResult, listResourcesByNamespace, listResourcesAll, getResource } from "./host/kubernetes";
