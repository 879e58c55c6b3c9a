// trusted-images: its settings, its decision, and the operations it reviews.
import { definePolicy, Operation } from "@wardenkit/sdk";
import { Settings, parseSettings } from "./settings";
import { validate } from "./validate";

definePolicy<Settings>(parseSettings, validate, Operation.Create | Operation.Update);
export { __guest_call } from "@wardenkit/sdk";
