// The one reader of module locations. Kubewarden's own cases come from policy-fetcher's
// url_parsing test (crates/policy-fetcher/src/lib.rs in kubewarden/kubewarden-controller):
// a location without a scheme is a registry reference, whatever its host and port.
import { describe, expect, it } from "vitest";
import { ModuleLocationError, parseModuleLocation } from "../../src/modules/location.ts";

const at = { baseDir: "/suite" };

describe("a module location, as policy-server reads it", () => {
  it.each([
    ["registry://ghcr.io/kubewarden/policies/test:1.2", "registry://ghcr.io/kubewarden/policies/test:1.2"],
    ["ghcr.io/kubewarden/policies/test:1.2", "registry://ghcr.io/kubewarden/policies/test:1.2"],
    ["ghcr.io/kubewarden/policies/test", "registry://ghcr.io/kubewarden/policies/test"],
    ["registry.local.lan:5000/kubewarden/policies/test", "registry://registry.local.lan:5000/kubewarden/policies/test"],
    ["192.168.1.2:5000/kubewarden/policies/test", "registry://192.168.1.2:5000/kubewarden/policies/test"],
    ["REGISTRY://ghcr.io/kubewarden/policies/test", "registry://ghcr.io/kubewarden/policies/test"],
  ])("%s is the registry reference %s", (location, reference) => {
    expect(parseModuleLocation(location, at)).toEqual({ kind: "registry", reference });
  });

  it.each(["https://registry.local.lan:5000/kubewarden/policies/test", "http://192.168.1.2:5000/kubewarden/policies/test"])("%s is downloaded", (url) => {
    expect(parseModuleLocation(url, at)).toEqual({ kind: "url", url });
  });

  it("reads file:///abs (and file://localhost/abs) as an absolute path, percent-decoded", () => {
    expect(parseModuleLocation("file:///tmp/policy.wasm", at)).toEqual({ kind: "file", path: "/tmp/policy.wasm" });
    expect(parseModuleLocation("file://localhost/tmp/my%20policy.wasm", at)).toEqual({ kind: "file", path: "/tmp/my policy.wasm" });
  });

  it("refuses a scheme Kubewarden does not fetch from, naming the ones it does", () => {
    expect(() => parseModuleLocation("oci://ghcr.io/kubewarden/policies/test:1.2", at)).toThrow(ModuleLocationError);
    expect(() => parseModuleLocation("oci://ghcr.io/kubewarden/policies/test:1.2", at)).toThrow(
      "oci:// is not a scheme Kubewarden fetches modules from: use registry://, https://, http://, file://, or no scheme for a registry");
  });
});

describe("wardenkit's conveniences, decided in the same place", () => {
  it("reads a scheme-less .wasm location as a file, relative to the folder of the file naming it", () => {
    expect(parseModuleLocation("dist/required-labels.wasm", at)).toEqual({ kind: "file", path: "/suite/dist/required-labels.wasm" });
    expect(parseModuleLocation("../required-labels.wasm", at)).toEqual({ kind: "file", path: "/required-labels.wasm" });
    expect(parseModuleLocation("/abs/required-labels.wasm", at)).toEqual({ kind: "file", path: "/abs/required-labels.wasm" });
  });

  it("reads file:// followed by a relative path from that folder too", () => {
    expect(parseModuleLocation("file://dist/required-labels.wasm", at)).toEqual({ kind: "file", path: "/suite/dist/required-labels.wasm" });
    expect(parseModuleLocation("file://../a%20b.wasm", at)).toEqual({ kind: "file", path: "/a b.wasm" });
    expect(() => parseModuleLocation("file://dist/%E0.wasm", at)).toThrow(/^file:\/\/dist\/%E0\.wasm is not a file path: /);
  });

  it("reads a bare name as a project policy only where locations are mapped", () => {
    const mapped = { ...at, projectDist: () => "/project/dist" };
    expect(parseModuleLocation("required-labels", mapped)).toEqual({ kind: "file", path: "/project/dist/required-labels.wasm", policy: "required-labels" });
    expect(parseModuleLocation("required-labels", at)).toEqual({ kind: "registry", reference: "registry://required-labels" });
    // A name with a slash, or a .wasm file, stays what it is when mapped.
    expect(parseModuleLocation("ghcr.io/kubewarden/policies/test:1.2", mapped)).toEqual({ kind: "registry", reference: "registry://ghcr.io/kubewarden/policies/test:1.2" });
    expect(parseModuleLocation("required-labels.wasm", mapped)).toEqual({ kind: "file", path: "/suite/required-labels.wasm" });
  });
});
