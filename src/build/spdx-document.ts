// The SPDX 2.3 document of one module: the module itself (with its sha256), the npm
// packages whose sources were compiled into it, and the tools that built it, with the
// compiler's command line and configuration. Same bill, same document, key for key.
import { npmSpdxPackage, spdxId, type SpdxPackage } from "./spdx-package.ts";
import type { NpmPackage } from "./locked-package.ts";

export const SPDX_VERSION = "SPDX-2.3";
/** Where wardenkit's document namespaces live: one URI per module digest. */
const NAMESPACE_BASE = "https://wardenkit.dev/spdx";

export interface BuildTool {
  pkg: NpmPackage;
  /** What the tool did, in words (it becomes the package's comment). */
  role: string;
}

/** Everything the document says of one module. */
export interface ModuleBill {
  name: string;
  version: string;
  /** The module's sha256, hexadecimal. */
  sha256: string;
  /** Packages whose sources the compiler read into the module. */
  compiledIn: NpmPackage[];
  tools: BuildTool[];
  /** The compiler's command line and configuration, in words. */
  compilerFlags: string;
  /** RFC 3339 UTC, seconds precision. */
  created: string;
  /** `name-version` of the tool writing the document. */
  creator: string;
}

export interface SpdxRelationship {
  spdxElementId: string;
  relationshipType: string;
  relatedSpdxElement: string;
}

export interface SpdxDocument {
  spdxVersion: string;
  dataLicense: string;
  SPDXID: string;
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: SpdxPackage[];
  relationships: SpdxRelationship[];
}

function modulePackage(bill: ModuleBill): SpdxPackage {
  return {
    SPDXID: spdxId("Module", bill.name),
    name: bill.name,
    versionInfo: bill.version,
    downloadLocation: "NOASSERTION",
    filesAnalyzed: false,
    checksums: [{ algorithm: "SHA256", checksumValue: bill.sha256 }],
    primaryPackagePurpose: "APPLICATION",
    packageFileName: `${bill.name}.wasm`,
    comment: bill.compilerFlags,
  };
}

/** Each package once (a tool may also be compiled in), in the order first met. */
function uniquePackages(packages: SpdxPackage[]): SpdxPackage[] {
  const seen = new Set<string>();
  return packages.filter((p) => !seen.has(p.SPDXID) && seen.add(p.SPDXID));
}

export function spdxDocument(bill: ModuleBill): SpdxDocument {
  const module = modulePackage(bill);
  const compiledIn = bill.compiledIn.map((pkg) => npmSpdxPackage(pkg, "LIBRARY", "compiled into the module"));
  const tools = bill.tools.map(({ pkg, role }) => npmSpdxPackage(pkg, "APPLICATION", role));
  const relationships: SpdxRelationship[] = [
    { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: module.SPDXID },
    ...compiledIn.map((p) => ({ spdxElementId: module.SPDXID, relationshipType: "STATIC_LINK", relatedSpdxElement: p.SPDXID })),
    ...tools.map((p) => ({ spdxElementId: p.SPDXID, relationshipType: "BUILD_TOOL_OF", relatedSpdxElement: module.SPDXID })),
  ];
  return {
    spdxVersion: SPDX_VERSION,
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: `${bill.name}-${bill.version}`,
    documentNamespace: `${NAMESPACE_BASE}/${encodeURIComponent(bill.name)}-${encodeURIComponent(bill.version)}-${bill.sha256}`,
    creationInfo: { created: bill.created, creators: [`Tool: ${bill.creator}`] },
    packages: uniquePackages([module, ...compiledIn, ...tools]),
    relationships,
  };
}
