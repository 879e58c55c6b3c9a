// The package's entry for the AssemblyScript compiler, which resolves
// `import … from "@wardenkit/sdk"` to node_modules/@wardenkit/sdk/index.ts.
export * from "./assembly/index";
