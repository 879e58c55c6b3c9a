import { replayOnly } from "./replay-only.ts";

export const canI = replayOnly("kubernetes/can_i", "KubernetesCanI", "object");
