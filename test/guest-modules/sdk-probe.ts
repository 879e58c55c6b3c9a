// A test module that runs the SDK exports the shipped policies do not reach,
// on the request it is given: each check named in the settings becomes one
// warning "name: result", which test/sdk/api.test.ts compares.
import {
  definePolicy, ALL_OPERATIONS, Operation, SettingsReader, ValidationRequest, ValidationResponse, SettingsValidationResponse,
  JsonValue, JsonKind, JsonWriter, accept, reject, mutate, jsonString, parseJson, parseJsonString, log, LogLevel,
  ObjectMeta, describeObject, podSpecOf, containerListKey, ContainerKind, isQualifiedName, isQualifiedNamePart, isDnsSubdomain,
  normaliseCapability, isLinuxCapability, decimal, elementPath, describeValue, mustBe, CODE_BAD_REQUEST, GroupVersionKind,
  GroupVersionResource, UserInfo, SettingsEntry, JsonMember, JsonFields, JsonDocument, JsonSyntaxError, PodSecurityContext,
  SecurityContext, Capabilities, ListOptions, GetOptions, SettingsParser, Decision, KubernetesResult, listResourcesAll,
  listResourcesByNamespace, getResource, isLabelValue, asciiLower, asciiUpper, equalsIgnoreAsciiCase, ImageReference,
} from "@wardenkit/sdk";

class Checks {
  constructor(readonly names: string[]) {}
}

function parseSettings(reader: SettingsReader): Checks {
  return new Checks(reader.stringList("checks"));
}

function yesNo(flag: bool): string {
  return flag ? "yes" : "no";
}

function requestFields(request: ValidationRequest): string {
  const kind = request.kind;
  const requested = request.requestKind;
  const resource: GroupVersionResource = request.resource;
  const user: UserInfo = request.userInfo;
  return [
    request.uid, request.operation, kind.group + "/" + kind.version + "/" + kind.kind, requested.kind,
    resource.group + "/" + resource.version + "/" + resource.resource, request.subResource, request.name, request.namespace,
    user.username + "[" + user.groups.join(",") + "]", yesNo(request.dryRun), yesNo(request.isOperation(Operation.Create | Operation.Update)),
    yesNo(request.isOperation(Operation.Delete)), yesNo(kind.is("apps", "v1", "Deployment")), yesNo(request.oldObject.isAbsent),
  ].join(" ");
}

function metadata(request: ValidationRequest): string {
  const meta = ObjectMeta.of(request.object);
  return [
    meta.name, meta.namespace, yesNo(meta.hasLabel("app")), yesNo(meta.hasLabel("gone")), yesNo(meta.hasLabel("empty")),
    yesNo(meta.hasAnnotation("note")), yesNo(meta.hasAnnotation("none")), meta.label("app"), meta.labels.typeName, meta.annotations.typeName,
    describeObject(request, request.object),
  ].join(" ");
}

function podSpec(request: ValidationRequest): string {
  const own = podSpecOf(request.object);
  const byRequest = podSpecOf(request.object, request.kind);
  const wrongVersion = podSpecOf(request.object, new GroupVersionKind("apps", "v1beta1", "Deployment"));
  if (own === null || byRequest === null) return "no pod spec";
  const spec = byRequest.podSpec;
  const podContext: PodSecurityContext = spec.securityContext;
  const parts = [own.dottedPath, byRequest.path.join("/"), yesNo(wrongVersion === null), spec.nodeName, spec.osName, containerListKey(ContainerKind.EphemeralContainer)];
  parts.push(decimal(spec.containerList(ContainerKind.InitContainer).length));
  parts.push(podContext.runAsGroup.raw());
  const containers = spec.allContainers();
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i];
    const context: SecurityContext = c.securityContext;
    const capabilities: Capabilities = context.capabilities;
    parts.push(c.describe() + "=" + c.image + "," + c.kindName + "," + c.listKey + "," + decimal(c.index) + "," + decimal(<i32>c.kind)
      + "," + capabilities.add.raw() + "," + capabilities.drop.raw() + "," + context.privileged.raw()
      + "," + context.allowPrivilegeEscalation.raw() + "," + spec.effectiveRunAsUser(c).raw() + "," + spec.effectiveRunAsNonRoot(c).raw()
      + "," + c.name + "," + c.value.typeName);
  }
  return parts.join(" ");
}

function names(): string {
  return [
    yesNo(isQualifiedName("app.kubernetes.io/name")), yesNo(isQualifiedName("a/b/c")), yesNo(isQualifiedNamePart("app_name")),
    yesNo(isQualifiedNamePart("-app")), yesNo(isDnsSubdomain("example.com")), yesNo(isDnsSubdomain("Example.COM")),
    normaliseCapability("cap_net_admin"), yesNo(isLinuxCapability("CAP_CHOWN")), yesNo(isLinuxCapability("ALL")),
  ].join(" ");
}

function labelValues(): string {
  const values = ["", "v1.2_rc-3", "A", "a b", "-a", "a-", "x".repeat(63), "x".repeat(64), "é"];
  const answers = new Array<string>();
  for (let i = 0; i < values.length; i++) answers.push(yesNo(isLabelValue(values[i])));
  return answers.join(" ");
}

function asciiCase(): string {
  const mixed = "GHCR.io/Org-9_ÉtÉ";
  return [
    asciiLower(mixed), asciiUpper(mixed), yesNo(asciiLower("lower") == "lower"), yesNo(equalsIgnoreAsciiCase("Docker.IO", "docker.io")),
    yesNo(equalsIgnoreAsciiCase("é", "É")), yesNo(equalsIgnoreAsciiCase("ab", "abc")), yesNo(equalsIgnoreAsciiCase("a[", "A{")),
  ].join(" ");
}

function imageReference(): string {
  const image = ImageReference.parse("GHCR.io/org/app:v1");
  const bad = ImageReference.parse("App");
  return [image.text, image.name, yesNo(equalsIgnoreAsciiCase(image.domain, "ghcr.io")), bad.text, yesNo(bad.ok), bad.name].join(" ");
}

function writing(): string {
  const json = new JsonWriter().beginObject()
    .key("name").string("web").key("replicas").integer(3).key("ready").bool(false).key("owner").nullValue()
    .key("ports").beginArray().integer(80).integer(-443).endArray().key("tags").strings(["a", "b"])
    .key("spec").raw("{\"x\":1}").endObject().toString();
  return json + " " + jsonString("q\"b\\n\nt\tc\u0001é");
}

function format(request: ValidationRequest): string {
  const data = request.object.get("data");
  return [
    decimal(0), decimal(-42), decimal(i64.MIN_VALUE), decimal(i64.MAX_VALUE), elementPath("allowedSizes", 3),
    describeValue(data.get("n")), describeValue(data.get("s")), describeValue(data), describeValue(data.get("none")),
    mustBe("spec.replicas", "a whole number", data.get("s")),
  ].join(" | ");
}

function parsing(request: ValidationRequest): string {
  const good: JsonDocument = parseJsonString("{\"a\":[1,2.5,\"x\"]}");
  const bad = parseJsonString("{\"a\":}");
  const bytes = parseJson(String.UTF8.encode("[true]"));
  const error: JsonSyntaxError = bad.error!;
  const list = good.root.get("a");
  const fields: JsonFields = request.object.fields(["kind", "nothing", "apiVersion"]);
  const picked = request.object.pick(["apiVersion", "kind"]);
  const members: JsonMember[] = request.object.get("data").members();
  const keys = new Array<string>();
  for (let i = 0; i < members.length; i++) keys.push(members[i].key + ":" + members[i].value.typeName);
  return [
    yesNo(good.ok), yesNo(bad.ok), error.toString(), decimal(error.offset), error.reason, yesNo(bytes.root.at(0).isTrue),
    decimal(list.length), list.at(1).numberOr(0).toString(), decimal(<i32>list.at(2).kind), yesNo(list.at(2).kind == JsonKind.String),
    fields.at(0).stringOr(""), fields.at(1).typeName, fields.at(2).stringOr(""), fields.at(9).typeName, picked[1].stringOr(""),
    yesNo(JsonValue.missing().isAbsent), yesNo(bad.root.isMissing), keys.join(","),
  ].join(" ");
}

function answers(): string {
  const rejected = reject("no", CODE_BAD_REQUEST).warn("w1").warn("w\"2").annotate("k", "v").annotate("k2", "v\n2");
  const mutated = mutate("{\"a\":1}");
  const plain = accept();
  return [
    rejected.toJson(), decimal(rejected.warnings.length), rejected.auditAnnotations.join(","), yesNo(rejected.accepted),
    rejected.message!, decimal(rejected.code), mutated.toJson(), mutated.mutatedObject!, yesNo(plain.isPlainAccept),
    yesNo(mutated.isPlainAccept), plain.toJson(), new SettingsValidationResponse("bad \"x\"").toJson(),
    yesNo(new SettingsValidationResponse(null).valid), new SettingsValidationResponse(null).toJson(),
  ].join(" ");
}

/** A strict reader over `data.settings`, the way validate_settings reads a policy's settings. */
function reading(request: ValidationRequest): string {
  const reader = new SettingsReader(request.object.path("data.settings"), true);
  const tls = reader.object("tls");
  const version = tls.string("minVersion", "1.2");
  const entries: SettingsEntry[] = reader.entries("pools", "an object like {\"size\": 3}");
  const sizes = new Array<string>();
  for (let i = 0; i < entries.length; i++) sizes.push(entries[i].name + "=" + decimal(entries[i].integer("size", 1, 0)) + "@" + entries[i].path);
  const has = reader.has("tls");
  const unknown = reader.unknownSetting();
  const lenient = new SettingsReader(request.object.path("data.settings"), false);
  lenient.fail("first");
  lenient.fail("second");
  return [
    version, sizes.join(","), yesNo(has), tls.pathOf("minVersion"), tls.path, yesNo(reader.strict), yesNo(reader.ok),
    unknown === null ? "<none>" : unknown, yesNo(lenient.strict), lenient.error!, yesNo(lenient.unknownSetting() === null),
  ].join(" ");
}

/** Kubernetes reads with options objects; the test gives a cluster with one ConfigMap. */
function host(): string {
  const list = new ListOptions();
  list.labelSelector = "app=web";
  list.fieldMasks = ["data"];
  const all: KubernetesResult = listResourcesAll("v1", "ConfigMap", list);
  const inShop = listResourcesByNamespace("v1", "ConfigMap", "shop", { fieldSelector: "metadata.name=limits", labelSelector: null, fieldMasks: null });
  const get: GetOptions = { namespace: "shop", disableCache: true, fieldMasks: ["data.max"] };
  const one = getResource("v1", "ConfigMap", "limits", get);
  const absent = getResource("v1", "ConfigMap", "absent", { namespace: "shop", disableCache: false, fieldMasks: null });
  const refused = getResource("v1", "Secret", "token", new GetOptions());
  return [
    yesNo(all.ok), decimal(all.items.length), all.items.at(0).get("data").raw(), decimal(inShop.items.length), one.value.raw(),
    yesNo(absent.ok), absent.error, yesNo(absent.value.isMissing), refused.error,
  ].join(" | ");
}

// The function types a policy hands to definePolicy.
const PARSE: SettingsParser<Checks> = parseSettings;
const DECIDE: Decision<Checks> = validate;

function check(name: string, request: ValidationRequest): string {
  if (name == "host") return host();
  if (name == "request") return requestFields(request);
  if (name == "metadata") return metadata(request);
  if (name == "podSpec") return podSpec(request);
  if (name == "names") return names();
  if (name == "labelValues") return labelValues();
  if (name == "asciiCase") return asciiCase();
  if (name == "imageReference") return imageReference();
  if (name == "writing") return writing();
  if (name == "format") return format(request);
  if (name == "parsing") return parsing(request);
  if (name == "answers") return answers();
  if (name == "reading") return reading(request);
  if (name == "log") {
    log(LogLevel.Warning, "probe \"logged\"");
    return "logged";
  }
  return "<unknown check " + name + ">";
}

function validate(request: ValidationRequest, checks: Checks): ValidationResponse {
  const response = accept();
  for (let i = 0; i < checks.names.length; i++) response.warn(checks.names[i] + ": " + check(checks.names[i], request));
  return response;
}

definePolicy<Checks>(PARSE, DECIDE, ALL_OPERATIONS);
export { __guest_call } from "@wardenkit/sdk";
