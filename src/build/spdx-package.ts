// One npm package as an SPDX 2.3 package: its version, its purl, the checksums of its
// lock's integrity string and its declared license.
import type { NpmPackage } from "./locked-package.ts";

export interface SpdxChecksum {
  algorithm: string;
  checksumValue: string;
}

export interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo: string;
  downloadLocation: string;
  filesAnalyzed: false;
  checksums?: SpdxChecksum[];
  licenseDeclared?: string;
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
  primaryPackagePurpose?: string;
  packageFileName?: string;
  comment?: string;
}

const NO_ASSERTION = "NOASSERTION";
/** Subresource Integrity algorithms → SPDX checksum algorithms. */
const INTEGRITY_ALGORITHMS: Record<string, string> = { sha1: "SHA1", sha256: "SHA256", sha384: "SHA384", sha512: "SHA512" };
/** A license expression of ids joined by AND, OR or WITH, as npm's `license` usually is; anything else is not asserted. */
const LICENSE_EXPRESSION = /^\(?[A-Za-z0-9.+-]+( (AND|OR|WITH) \(?[A-Za-z0-9.+-]+\)?)*\)?$/;

/** An SPDX identifier: letters, digits, `.` and `-` only. */
export function spdxId(kind: string, ...parts: string[]): string {
  return `SPDXRef-${kind}-${parts.join("-").replace(/^@/, "").replace(/[^A-Za-z0-9.-]+/g, "-")}`;
}

/** The package URL of an npm package (purl-spec: the scope's `@` is percent-encoded). */
export function npmPurl(name: string, version: string): string {
  return `pkg:npm/${name.replace(/^@/, "%40")}@${encodeURIComponent(version)}`;
}

/** The checksums of an SRI string (`sha512-<base64> …`), in hexadecimal. */
export function integrityChecksums(integrity: string): SpdxChecksum[] {
  return integrity.split(/\s+/).flatMap((entry) => {
    const dash = entry.indexOf("-");
    const algorithm = INTEGRITY_ALGORITHMS[entry.slice(0, dash)];
    if (dash < 0 || !algorithm) return [];
    return [{ algorithm, checksumValue: Buffer.from(entry.slice(dash + 1), "base64").toString("hex") }];
  });
}

function provenance(pkg: NpmPackage): string | undefined {
  if (pkg.linkedFrom !== undefined) return `linked from the workspace folder ${pkg.linkedFrom}, not installed from a registry`;
  if (!pkg.integrity) return pkg.locked ? "no integrity hash: package-lock.json records none for it" : "no integrity hash: package-lock.json has no entry for it";
  return undefined;
}

export function npmSpdxPackage(pkg: NpmPackage, purpose: string, role?: string): SpdxPackage {
  const spdx: SpdxPackage = {
    SPDXID: spdxId("Package-npm", pkg.name, pkg.version),
    name: pkg.name,
    versionInfo: pkg.version,
    downloadLocation: pkg.resolved ?? NO_ASSERTION,
    filesAnalyzed: false,
  };
  if (pkg.integrity) spdx.checksums = integrityChecksums(pkg.integrity);
  spdx.licenseDeclared = pkg.license && LICENSE_EXPRESSION.test(pkg.license) ? pkg.license : NO_ASSERTION;
  spdx.externalRefs = [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: npmPurl(pkg.name, pkg.version) }];
  spdx.primaryPackagePurpose = purpose;
  const comment = [role, provenance(pkg)].filter(Boolean).join("; ");
  if (comment) spdx.comment = comment;
  return spdx;
}
