// Placeholder for the CEL compiler's entry point, replaced when the compiler is merged.
import type { VapCompiler } from "./folder-files.ts";
import { VapInputError } from "./vap-objects.ts";

export const compileVap: VapCompiler = (input) => {
  throw new VapInputError(`cannot compile ${JSON.stringify((input.vap as { metadata?: { name?: string } }).metadata?.name)}: the CEL compiler is not part of this build`);
};
