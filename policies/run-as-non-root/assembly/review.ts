import { elementPath, mustBe, Container, ContainerKind, containerListKey, JsonValue, PodSpec, PodSpecLocation } from "@wardenkit/sdk";
import { Settings } from "./settings";

/** What is wrong with the containers of one pod spec. */
export class PodReview {
  /** The first value of the wrong type, phrased for the user; null when the spec is well formed. */
  badInput: string | null = null;
  /** One entry per offending container, naming it and everything wrong with it. */
  problems: string[] = [];
  /** True while every problem is a runAsNonRoot left unset, which the pod-level default can fix. */
  fixable: bool = true;

  /** `where` + `field` names the value; the text is only built when it is wrong. */
  expect(ok: bool, where: string, field: string, wanted: string, value: JsonValue): void {
    if (!ok && this.badInput === null) this.badInput = mustBe(where + field, wanted, value);
  }
}

function expectBool(review: PodReview, value: JsonValue, where: string, field: string): void {
  review.expect(value.isAbsent || value.isBool, where, field, "true or false", value);
}

function expectInteger(review: PodReview, value: JsonValue, where: string, field: string): void {
  review.expect(value.isAbsent || value.isInteger, where, field, "a whole number", value);
}

function expectObject(review: PodReview, value: JsonValue, where: string, field: string): void {
  review.expect(value.isAbsent || value.isObject, where, field, "an object", value);
}

const ADD_FIELD = ".securityContext.capabilities.add";

/** The added capabilities that the settings do not allow. */
function forbiddenCapabilities(review: PodReview, add: JsonValue, where: string, settings: Settings): string[] {
  const forbidden = new Array<string>();
  review.expect(add.isAbsent || add.isArray, where, ADD_FIELD, "a list of capability names", add);
  const items = add.items();
  for (let i = 0; i < items.length; i++) {
    const name = items[i].asString();
    if (name === null) review.expect(false, where, elementPath(ADD_FIELD, i), "a capability name", items[i]);
    else if (!settings.allows(name)) forbidden.push(name);
  }
  return forbidden;
}

function reviewContainer(review: PodReview, spec: PodSpec, container: Container, where: string, settings: Settings): void {
  const context = container.securityContext;
  expectObject(review, context.value, where, ".securityContext");
  expectBool(review, context.runAsNonRoot, where, ".securityContext.runAsNonRoot");
  expectInteger(review, context.runAsUser, where, ".securityContext.runAsUser");
  expectObject(review, context.capabilities.value, where, ".securityContext.capabilities");

  const wrongs = new Array<string>();
  let onlyUnset = true;
  if (settings.enforceRunAsNonRoot) {
    const nonRoot = spec.effectiveRunAsNonRoot(container);
    if (nonRoot.isAbsent) wrongs.push("does not set runAsNonRoot");
    else if (!nonRoot.isTrue) {
      wrongs.push("sets runAsNonRoot to " + nonRoot.raw());
      onlyUnset = false;
    }
    if (spec.effectiveRunAsUser(container).intOr(-1) == 0) {
      wrongs.push("runs as root (runAsUser 0)");
      onlyUnset = false;
    }
  }
  const forbidden = forbiddenCapabilities(review, context.capabilities.add, where + ".securityContext.capabilities.add", settings);
  if (forbidden.length > 0) {
    wrongs.push("adds capabilities not in allowedCapabilities: " + forbidden.join(", "));
    onlyUnset = false;
  }
  if (wrongs.length == 0) return;
  review.problems.push(container.describe() + " " + wrongs.join(" and "));
  if (!onlyUnset) review.fixable = false;
}

/** Checks every container, init container and ephemeral container of the spec at `location`. */
export function reviewPodSpec(location: PodSpecLocation, settings: Settings): PodReview {
  const review = new PodReview();
  const spec = location.podSpec;
  const base = location.dottedPath;
  const podContext = spec.securityContext;
  expectObject(review, podContext.value, base, ".securityContext");
  expectBool(review, podContext.runAsNonRoot, base, ".securityContext.runAsNonRoot");
  expectInteger(review, podContext.runAsUser, base, ".securityContext.runAsUser");
  for (let k = ContainerKind.Container; k <= ContainerKind.EphemeralContainer; k++) {
    expectListOfObjects(review, spec.containerList(k), base, "." + containerListKey(k));
  }
  const containers = spec.allContainers();
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i];
    reviewContainer(review, spec, c, elementPath(base + "." + c.listKey, c.index), settings);
  }
  return review;
}

function expectListOfObjects(review: PodReview, list: JsonValue, where: string, field: string): void {
  review.expect(list.isAbsent || list.isArray, where, field, "a list of containers", list);
  const items = list.items();
  for (let i = 0; i < items.length; i++) {
    if (!items[i].isObject) review.expect(false, where, elementPath(field, i), "a container object", items[i]);
  }
}
