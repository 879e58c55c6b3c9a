// What a module location means, decided here and nowhere else: a manifest's `module`, a
// policies.yml entry, a suite's `modules:`, `check --module` and a module named on the
// command line (src/cli/actions/module-arg.ts) are all read by this parser.
// Kubewarden's rules (policy-fetcher's parse_url, which policy-server and the controller use):
// `registry://`, `https://`, `http://` and `file:///abs` name their source, any other scheme is
// refused, and a location without a scheme is a registry reference (`ghcr.io/x/y:v1` means
// `registry://ghcr.io/x/y:v1`). wardenkit's conveniences, which policy-server does not have:
// a scheme-less location ending in `.wasm` is a local file, and `file://` followed by a
// relative path is one too, both read from the folder of the file that names them; where a
// location is mapped (a suite's `modules:`, `check --module`), a bare name is a policy of the
// project, its build in dist/.
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export type ModuleLocation =
  /** `policy`: the project policy whose build the file is, when the location named one. */
  | { kind: "file"; path: string; policy?: string }
  | { kind: "url"; url: string }
  | { kind: "registry"; reference: string };

export interface LocationContext {
  /** The folder of the file that names the location: relative paths are read from there. */
  baseDir: string;
  /** The project's dist folder, when a bare name may be a policy of the project (mapped locations). */
  projectDist?: () => string;
}

export class ModuleLocationError extends Error {}

/** The schemes Kubewarden fetches modules from. */
const MODULE_SCHEMES = ["registry", "https", "http", "file"] as const;

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** `file://` + what follows: `/abs` (or `localhost/abs`) as a file URL, anything else relative to `baseDir`. */
function fileLocation(location: string, rest: string, baseDir: string): ModuleLocation {
  try {
    const absolute = rest.startsWith("/") || rest.toLowerCase().startsWith("localhost/");
    return { kind: "file", path: absolute ? fileURLToPath(`file://${rest}`) : resolve(baseDir, decodeURIComponent(rest)) };
  } catch (err) {
    throw new ModuleLocationError(`${location} is not a file path: ${(err as Error).message}`);
  }
}

export function parseModuleLocation(location: string, context: LocationContext): ModuleLocation {
  const scheme = SCHEME.exec(location)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    const rest = location.slice(scheme.length + "://".length);
    if (scheme === "registry") return { kind: "registry", reference: `registry://${rest}` };
    if (scheme === "https" || scheme === "http") return { kind: "url", url: location };
    if (scheme === "file") return fileLocation(location, rest, context.baseDir);
    throw new ModuleLocationError(`${scheme}:// is not a scheme Kubewarden fetches modules from: use ${MODULE_SCHEMES.map((s) => `${s}://`).join(", ")}, or no scheme for a registry`);
  }
  if (location.endsWith(".wasm")) return { kind: "file", path: isAbsolute(location) ? location : resolve(context.baseDir, location) };
  if (context.projectDist && !location.includes("/")) return { kind: "file", path: join(context.projectDist(), `${location}.wasm`), policy: location };
  return { kind: "registry", reference: `registry://${location}` };
}
