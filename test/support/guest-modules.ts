// Compiles the small AssemblyScript modules under test/guest-modules, which
// exercise the SDK in ways the shipped policies do not.
import { join } from "node:path";
import { PolicyModule } from "../../src/host/policy-module.ts";
import { PROJECT } from "./project.ts";
import { compileTestModule } from "./compiled-modules.ts";

export async function compileGuestModule(name: string): Promise<PolicyModule> {
  const bytes = await compileTestModule(join(PROJECT.root, "test", "guest-modules", `${name}.ts`));
  return PolicyModule.fromBytes(bytes, name);
}
