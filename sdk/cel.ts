// The entry of `import * as cel from "@wardenkit/sdk/cel"`: the CEL runtime
// the policies `wardenkit vap` generates call.
export * from "./assembly/cel/index";
