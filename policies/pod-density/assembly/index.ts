// pod-density: its settings, its decision, and the operations it reviews
// (only new pods and bindings add pods to a node or a namespace).
import { definePolicy, Operation } from "@wardenkit/sdk";
import { Settings, parseSettings } from "./settings";
import { validate } from "./validate";

definePolicy<Settings>(parseSettings, validate, Operation.Create);
export { __guest_call } from "@wardenkit/sdk";
