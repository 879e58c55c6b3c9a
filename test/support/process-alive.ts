/** Whether a process with this PID still exists (signal 0 only asks). */
export { alive } from "../../tools/kube-control-plane.ts";
