// Typed views of a pod spec, wherever it sits: in a Pod or in the pod template
// of a workload. Every getter returns a JsonValue (Missing when absent), so a
// policy decides for itself what a wrong type means.
import { JsonValue } from "../json/value";
import { GroupVersionKind } from "../protocol";
import { decimal } from "../format";

/**
 * The three lists a pod spec keeps containers in.
 *
 * @example
 * if (container.kind == ContainerKind.EphemeralContainer) return accept();
 */
export enum ContainerKind {
  Container,
  InitContainer,
  EphemeralContainer,
}

/** The pod spec keys holding each kind of container, in ContainerKind order. */
const CONTAINER_LISTS: StaticArray<string> = ["containers", "initContainers", "ephemeralContainers"];
const CONTAINER_KIND_NAMES: StaticArray<string> = ["container", "init container", "ephemeral container"];

/**
 * The pod spec key of a kind of container: "containers", "initContainers" or
 * "ephemeralContainers".
 *
 * @example
 * containerListKey(ContainerKind.InitContainer) // "initContainers"
 */
export function containerListKey(kind: ContainerKind): string {
  return CONTAINER_LISTS[<i32>kind];
}

/**
 * securityContext.capabilities of a container.
 *
 * @example
 * const added = container.securityContext.capabilities.add.items();
 */
export class Capabilities {
  /** `value` is the capabilities object (Missing when absent). */
  constructor(readonly value: JsonValue) {}
  /** The list of added capabilities, as it is. */
  get add(): JsonValue { return this.value.get("add"); }
  /** The list of dropped capabilities, as it is. */
  get drop(): JsonValue { return this.value.get("drop"); }
}

/**
 * The pod-level securityContext: defaults for every container.
 *
 * @example
 * if (spec.securityContext.runAsNonRoot.isTrue) return accept();
 */
export class PodSecurityContext {
  /** `value` is the securityContext object (Missing when absent). */
  constructor(readonly value: JsonValue) {}
  /** runAsNonRoot as it is (Missing when unset). */
  get runAsNonRoot(): JsonValue { return this.value.get("runAsNonRoot"); }
  /** runAsUser as it is (Missing when unset). */
  get runAsUser(): JsonValue { return this.value.get("runAsUser"); }
  /** runAsGroup as it is (Missing when unset). */
  get runAsGroup(): JsonValue { return this.value.get("runAsGroup"); }
}

/**
 * A container's securityContext: overrides the pod's for that container.
 *
 * @example
 * if (container.securityContext.privileged.isTrue) return reject(container.describe() + " is privileged");
 */
export class SecurityContext extends PodSecurityContext {
  /** The capabilities added and dropped. */
  get capabilities(): Capabilities { return new Capabilities(this.value.get("capabilities")); }
  /** privileged as it is (Missing when unset). */
  get privileged(): JsonValue { return this.value.get("privileged"); }
  /** allowPrivilegeEscalation as it is (Missing when unset). */
  get allowPrivilegeEscalation(): JsonValue { return this.value.get("allowPrivilegeEscalation"); }
}

/**
 * One container, init container or ephemeral container of a pod spec.
 *
 * @example
 * const containers = location.podSpec.allContainers();
 * for (let i = 0; i < containers.length; i++) if (containers[i].image.endsWith(":latest")) return reject(containers[i].describe() + " uses a latest tag");
 */
export class Container {
  private context: SecurityContext | null = null;

  /** `index` is the position in its list, for messages and paths. */
  constructor(readonly value: JsonValue, readonly kind: ContainerKind, readonly index: i32) {}

  /** The container's name, or "". */
  get name(): string { return this.value.get("name").stringOr(""); }
  /** The container's image, or "". */
  get image(): string { return this.value.get("image").stringOr(""); }
  /** Looked up once: policies read it several times per container. */
  get securityContext(): SecurityContext {
    let context = this.context;
    if (context === null) this.context = context = new SecurityContext(this.value.get("securityContext"));
    return context;
  }

  /** "container", "init container" or "ephemeral container". */
  get kindName(): string { return CONTAINER_KIND_NAMES[<i32>this.kind]; }

  /** The list key in the pod spec: "containers", "initContainers" or "ephemeralContainers". */
  get listKey(): string { return containerListKey(this.kind); }

  /** "init container setup", or "init container #0" when it has no name, for messages. */
  describe(): string {
    const name = this.name;
    return this.kindName + " " + (name.length > 0 ? name : "#" + decimal(this.index));
  }
}

/**
 * A pod spec, in a Pod or in a workload's pod template (see podSpecOf).
 *
 * @example
 * const spec = location.podSpec;
 * if (spec.osName == "windows") return accept();
 */
export class PodSpec {
  private context: PodSecurityContext | null = null;

  /** `value` is the spec object (Missing when absent). */
  constructor(readonly value: JsonValue) {}

  /** Looked up once: every container's effective values read it. */
  get securityContext(): PodSecurityContext {
    let context = this.context;
    if (context === null) this.context = context = new PodSecurityContext(this.value.get("securityContext"));
    return context;
  }
  /** spec.nodeName, or "" before scheduling. */
  get nodeName(): string { return this.value.get("nodeName").stringOr(""); }
  /** spec.os.name: "linux", "windows", or "" when unset. */
  get osName(): string { return this.value.path("os.name").stringOr(""); }

  /** The raw list of one kind of container (Missing when absent). */
  containerList(kind: ContainerKind): JsonValue {
    return this.value.get(containerListKey(kind));
  }

  /** Containers, init containers and ephemeral containers, in that order; non-objects are skipped. */
  allContainers(): Container[] {
    const out = new Array<Container>();
    for (let k = 0; k < CONTAINER_LISTS.length; k++) {
      const items = this.value.get(unchecked(CONTAINER_LISTS[k])).items();
      for (let i = 0; i < items.length; i++) {
        const item = unchecked(items[i]);
        if (item.isObject) out.push(new Container(item, <ContainerKind>k, i));
      }
    }
    return out;
  }

  /** runAsNonRoot as the kubelet applies it: the container's value, else the pod's. */
  effectiveRunAsNonRoot(container: Container): JsonValue {
    return effective(container.securityContext.runAsNonRoot, this.securityContext.runAsNonRoot);
  }

  /** runAsUser as the kubelet applies it: the container's value, else the pod's. */
  effectiveRunAsUser(container: Container): JsonValue {
    return effective(container.securityContext.runAsUser, this.securityContext.runAsUser);
  }
}

function effective(own: JsonValue, inherited: JsonValue): JsonValue {
  return own.isAbsent ? inherited : own;
}

/**
 * Where an object keeps its pod spec, and the spec itself (Missing when absent).
 *
 * @example
 * const location = podSpecOf(request.object, request.kind);
 * if (location !== null && !location.spec.isObject) return reject(mustBe(location.dottedPath, "an object", location.spec), CODE_BAD_REQUEST);
 */
export class PodSpecLocation {
  /** Made by podSpecOf. */
  constructor(readonly spec: JsonValue, readonly path: string[]) {}

  /** The typed view of `spec`. */
  get podSpec(): PodSpec { return new PodSpec(this.spec); }
  /** "spec.template.spec", for messages. */
  get dottedPath(): string { return this.path.join("."); }
}

// @ts-ignore: decorator
@lazy const POD_PATH = ["spec"];
// @ts-ignore: decorator
@lazy const TEMPLATE_PATH = ["spec", "template", "spec"];
// @ts-ignore: decorator
@lazy const JOB_TEMPLATE_PATH = ["spec", "jobTemplate", "spec", "template", "spec"];

/** The path of the pod spec in each group, version and kind that has one. */
function podSpecPath(group: string, version: string, kind: string): string[] | null {
  if (version != "v1") return null;
  if (group == "") {
    if (kind == "Pod") return POD_PATH;
    if (kind == "ReplicationController") return TEMPLATE_PATH;
  } else if (group == "apps") {
    if (kind == "Deployment" || kind == "ReplicaSet" || kind == "StatefulSet" || kind == "DaemonSet") return TEMPLATE_PATH;
  } else if (group == "batch") {
    if (kind == "Job") return TEMPLATE_PATH;
    if (kind == "CronJob") return JOB_TEMPLATE_PATH;
  }
  return null;
}

/**
 * The pod spec of a v1 Pod or of a workload (apps/v1 Deployment, ReplicaSet,
 * StatefulSet, DaemonSet; batch/v1 Job, CronJob; v1 ReplicationController);
 * null for any other group, version or kind. `kind` defaults to the object's
 * own apiVersion and kind. The spec is Missing when the object lacks it; `path`
 * is usable with setPath either way.
 *
 * @example
 * const location = podSpecOf(request.object, request.kind);
 * if (location === null) return accept(); // neither a Pod nor a workload
 * const containers = location.podSpec.allContainers();
 */
export function podSpecOf(object: JsonValue, kind: GroupVersionKind | null = null): PodSpecLocation | null {
  let path: string[] | null;
  if (kind !== null) path = podSpecPath(kind.group, kind.version, kind.kind);
  else {
    const apiVersion = object.get("apiVersion").stringOr("");
    const slash = apiVersion.indexOf("/");
    path = podSpecPath(slash < 0 ? "" : apiVersion.substring(0, slash), apiVersion.substring(slash + 1), object.get("kind").stringOr(""));
  }
  if (path === null) return null;
  let spec = object;
  for (let i = 0; i < path.length; i++) spec = spec.get(unchecked(path[i]));
  return new PodSpecLocation(spec, path);
}
