// The SDK's ImageReference, driven through a probe module, against a fixed table
// of references and what distribution/reference (as containers/image and
// Kubewarden's SDKs apply it) makes of them.
import { beforeAll, describe, expect, it } from "vitest";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import { wrapObject } from "../../src/host/wrap-object.ts";
import { compileGuestModule } from "../support/guest-modules.ts";

const SHA256 = "sha256:" + "0123456789abcdef".repeat(4);
const SHA512 = "sha512:" + "f".repeat(128);

let probe: PolicyEvaluator;
beforeAll(async () => {
  probe = new PolicyEvaluator(await compileGuestModule("image-reference-probe"));
});

function parse(references: string[]): string[] {
  const evaluation = probe.validate(wrapObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } }), { references });
  expect(evaluation.error).toBeUndefined();
  return evaluation.admission.warnings ?? [];
}

/** [reference, "domain path tag digest normalized"], absent parts as "-". */
const VALID: [string, string][] = [
  ["nginx", "docker.io library/nginx - - docker.io/library/nginx:latest"],
  ["nginx:1.25", "docker.io library/nginx 1.25 - docker.io/library/nginx:1.25"],
  ["docker.io/nginx", "docker.io library/nginx - - docker.io/library/nginx:latest"],
  ["index.docker.io/nginx:stable", "docker.io library/nginx stable - docker.io/library/nginx:stable"],
  ["index.docker.io/bitnami/redis", "docker.io bitnami/redis - - docker.io/bitnami/redis:latest"],
  ["bitnami/redis:7", "docker.io bitnami/redis 7 - docker.io/bitnami/redis:7"],
  ["localhost:5000/a/b:tag", "localhost:5000 a/b tag - localhost:5000/a/b:tag"],
  ["localhost/app", "localhost app - - localhost/app:latest"],
  [`ghcr.io/org/x@${SHA256}`, `ghcr.io org/x - ${SHA256} ghcr.io/org/x@${SHA256}`],
  [`x:tag@${SHA256}`, `docker.io library/x tag ${SHA256} docker.io/library/x:tag@${SHA256}`],
  [`registry.example.com:8443/team/app:v2@${SHA512}`, `registry.example.com:8443 team/app v2 ${SHA512} registry.example.com:8443/team/app:v2@${SHA512}`],
  ["test.com:5000", "docker.io library/test.com 5000 - docker.io/library/test.com:5000"],
  ["test:5000/repo", "test:5000 repo - - test:5000/repo:latest"],
  ["192.168.1.10:5000/app", "192.168.1.10:5000 app - - 192.168.1.10:5000/app:latest"],
  ["[::1]:5000/app:x", "[::1]:5000 app x - [::1]:5000/app:x"],
  ["[fe80::1]/app", "[fe80::1] app - - [fe80::1]/app:latest"],
  ["Quay.IO/org/x", "Quay.IO org/x - - Quay.IO/org/x:latest"],
  ["quay.io/a__b/c.d/e---f/g_h", "quay.io a__b/c.d/e---f/g_h - - quay.io/a__b/c.d/e---f/g_h:latest"],
  ["xn--7o8h.com/myimage:xn--7o8h.com", "xn--7o8h.com myimage xn--7o8h.com - xn--7o8h.com/myimage:xn--7o8h.com"],
  ["lowercase:Uppercase_TAG-1.0", "docker.io library/lowercase Uppercase_TAG-1.0 - docker.io/library/lowercase:Uppercase_TAG-1.0"],
  ["foo/foo_bar.com:8080", "docker.io foo/foo_bar.com 8080 - docker.io/foo/foo_bar.com:8080"],
  ["a:_", "docker.io library/a _ - docker.io/library/a:_"],
  [`a:${"t".repeat(128)}`, `docker.io library/a ${"t".repeat(128)} - docker.io/library/a:${"t".repeat(128)}`],
  [`a/${"b".repeat(245)}`, `docker.io a/${"b".repeat(245)} - - docker.io/a/${"b".repeat(245)}:latest`],
];

const INVALID: [string, string][] = [
  ["", "the image reference is empty"],
  ["Nginx", "repository \"Nginx\" must be lowercase"],
  ["docker.io/Library/nginx:1", "repository \"Library/nginx\" must be lowercase"],
  ["Uppercase/lowercase:tag", "repository \"Uppercase/lowercase\" must be lowercase"],
  [":tag", "the image reference has no repository name"],
  [`@${SHA256}`, "the image reference has no repository name"],
  ["nginx:", "the tag after ':' is empty"],
  ["nginx:-1", "tag \"-1\" must start with a letter, a digit or '_'"],
  ["nginx:.x", "tag \".x\" must start with a letter, a digit or '_'"],
  ["nginx:a+b", "tag \"a+b\" may hold only letters, digits, '_', '.' and '-'"],
  [`a:${"t".repeat(129)}`, `tag "${"t".repeat(129)}" is longer than 128 characters`],
  ["nginx@", "digest \"\" must be an algorithm and hex digits, as sha256:<64 hex digits>"],
  ["nginx@sha256", "digest \"sha256\" must be an algorithm and hex digits, as sha256:<64 hex digits>"],
  ["nginx@sha256:abc", "digest \"sha256:abc\" must have 64 hex digits after sha256:, not 3"],
  [`nginx@${SHA256}0`, `digest "${SHA256}0" must have 64 hex digits after sha256:, not 65`],
  [`nginx@sha256:${"A".repeat(64)}`, `digest "sha256:${"A".repeat(64)}" must have lowercase hex digits after sha256:`],
  [`nginx@sha256:${"g".repeat(64)}`, `digest "sha256:${"g".repeat(64)}" must have lowercase hex digits after sha256:`],
  [`nginx@md5:${"f".repeat(32)}`, "digest algorithm \"md5\" is not sha256, sha384 or sha512"],
  [`nginx@${SHA256}@${SHA256}`, `digest "${SHA256}@${SHA256}" must have lowercase hex digits after sha256:`],
  ["a//b", "repository \"a//b\" has an empty path component"],
  ["/nginx", "repository \"/nginx\" has an empty path component"],
  ["nginx/", "repository \"nginx/\" has an empty path component"],
  ["localhost/", "repository \"\" has an empty path component"],
  ["a..b", "repository path component \"a..b\" must be lowercase letters and digits joined by '.', '_', '__' or dashes"],
  ["a___b", "repository path component \"a___b\" must be lowercase letters and digits joined by '.', '_', '__' or dashes"],
  ["-a", "repository path component \"-a\" must be lowercase letters and digits joined by '.', '_', '__' or dashes"],
  ["a-", "repository path component \"a-\" must be lowercase letters and digits joined by '.', '_', '__' or dashes"],
  ["a._b", "repository path component \"a._b\" must be lowercase letters and digits joined by '.', '_', '__' or dashes"],
  [" nginx", "repository path component \" nginx\" must be lowercase letters and digits joined by '.', '_', '__' or dashes"],
  ["ghcr.io/org/näme", "repository path component \"näme\" must be lowercase letters and digits joined by '.', '_', '__' or dashes"],
  ["-bad.com/app", "registry \"-bad.com\" must be a host name (letters, digits, '-' inside, labels joined by '.') or an address"],
  ["a..com/app", "registry \"a..com\" must be a host name (letters, digits, '-' inside, labels joined by '.') or an address"],
  ["exa_mple.com/app", "registry \"exa_mple.com\" must be a host name (letters, digits, '-' inside, labels joined by '.') or an address"],
  ["host:port/app", "registry \"host:port\" must end in its host or a :port number"],
  ["host:/app", "registry \"host:\" must end in its host or a :port number"],
  ["[::1/app", "registry \"[::1\" has a malformed IPv6 address"],
  ["[zz]:5000/app", "registry \"[zz]:5000\" has a malformed IPv6 address"],
  ["[::1]x/app", "registry \"[::1]x\" must end in its host or a :port number"],
  ["0123456789abcdef".repeat(4), `"${"0123456789abcdef".repeat(4)}" is an image ID, not a repository name`],
  [`a/${"b".repeat(254)}`, `repository "a/${"b".repeat(254)}" is longer than 255 characters`],
];

describe("ImageReference.parse", () => {
  it.each(VALID)("reads %s", (reference, expected) => {
    expect(parse([reference])).toEqual([expected]);
  });

  it.each(INVALID)("refuses %j, naming what is wrong", (reference, reason) => {
    expect(parse([reference])).toEqual([`error: ${reason}`]);
  });

  it("counts the 255-character limit on the path with Docker Hub's library/ prefix", () => {
    const name = "n".repeat(247);
    const longer = "n".repeat(248);
    expect(parse([name, `docker.io/${name}`, `quay.io/${longer}`, longer, `index.docker.io/${longer}`])).toEqual([
      `docker.io library/${name} - - docker.io/library/${name}:latest`,
      `docker.io library/${name} - - docker.io/library/${name}:latest`,
      `quay.io ${longer} - - quay.io/${longer}:latest`,
      `error: repository "library/${longer}" is longer than 255 characters`,
      `error: repository "library/${longer}" is longer than 255 characters`,
    ]);
  });
});
