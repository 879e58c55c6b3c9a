// The parts of an image reference, checked against the grammar of
// distribution/reference (regexp.go) and the digests go-digest accepts. Each
// check answers null when the part is valid, else the sentence naming what is wrong.
import { decimal } from "../format";
import { isAlphaNumeric, isAsciiDigit, isLowerAlphaNumeric, isLowerHexDigit, isUpperAscii } from "../text/ascii-chars";

/** The longest repository path, as distribution/reference and oci-client count it. */
// @ts-ignore: decorator
@lazy export const PATH_LENGTH_MAX = 255;
/** A tag's most characters: one, then at most 127 more. */
// @ts-ignore: decorator
@lazy const TAG_LENGTH_MAX = 128;

function isWordCharacter(c: i32): bool {
  return isAlphaNumeric(c) || c == 0x5f;
}

/** Whether every character of text[from, to) passes `test`, and there is at least one. */
function allOf(text: string, from: i32, to: i32, test: (c: i32) => bool): bool {
  if (from >= to) return false;
  for (let i = from; i < to; i++) if (!test(text.charCodeAt(i))) return false;
  return true;
}

/** One DNS label of a registry host: alphanumerics, '-' inside. */
function isDomainComponent(text: string, from: i32, to: i32): bool {
  if (from >= to || !isAlphaNumeric(text.charCodeAt(from)) || !isAlphaNumeric(text.charCodeAt(to - 1))) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!isAlphaNumeric(c) && c != 0x2d) return false;
  }
  return true;
}

function isHostName(text: string, to: i32): bool {
  let start = 0;
  for (let dot = text.indexOf("."); dot >= 0 && dot < to; dot = text.indexOf(".", start)) {
    if (!isDomainComponent(text, start, dot)) return false;
    start = dot + 1;
  }
  return isDomainComponent(text, start, to);
}

function isIpv6Character(c: i32): bool {
  return isLowerHexDigit(c) || (c >= 0x41 && c <= 0x46) || c == 0x3a;
}

/**
 * A registry as written: a host name or IPv4 address, or an IPv6 address in
 * brackets, then an optional `:port`.
 */
export function domainError(domain: string): string | null {
  let hostEnd: i32;
  if (domain.startsWith("[")) {
    hostEnd = domain.indexOf("]") + 1;
    if (hostEnd == 0 || !allOf(domain, 1, hostEnd - 1, isIpv6Character)) return "registry \"" + domain + "\" has a malformed IPv6 address";
  } else {
    hostEnd = domain.indexOf(":");
    if (hostEnd < 0) hostEnd = domain.length;
    if (!isHostName(domain, hostEnd)) return "registry \"" + domain + "\" must be a host name (letters, digits, '-' inside, labels joined by '.') or an address";
  }
  if (hostEnd == domain.length) return null;
  if (domain.charCodeAt(hostEnd) == 0x3a && allOf(domain, hostEnd + 1, domain.length, isAsciiDigit)) return null;
  return "registry \"" + domain + "\" must end in its host or a :port number";
}

/**
 * One path component: lowercase alphanumerics, joined by one '.', one or two
 * '_', or any number of '-'.
 */
function isPathComponent(text: string): bool {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isLowerAlphaNumeric(text.charCodeAt(i))) return false;
    while (i < n && isLowerAlphaNumeric(text.charCodeAt(i))) i++;
    if (i == n) return true;
    const separator = text.charCodeAt(i);
    const start = i;
    while (i < n && text.charCodeAt(i) == separator) i++;
    const repeats = i - start;
    const allowed = separator == 0x2e ? repeats == 1 : separator == 0x5f ? repeats <= 2 : separator == 0x2d;
    if (!allowed || i == n) return false;
  }
  return false;
}

function hasUpperAscii(text: string): bool {
  for (let i = 0; i < text.length; i++) if (isUpperAscii(text.charCodeAt(i))) return true;
  return false;
}

/** The repository path as written: path components joined by '/'. */
export function pathError(path: string): string | null {
  for (let start = 0; start <= path.length; ) {
    let end = path.indexOf("/", start);
    if (end < 0) end = path.length;
    const component = path.substring(start, end);
    if (component.length == 0) return "repository \"" + path + "\" has an empty path component";
    if (!isPathComponent(component)) {
      if (hasUpperAscii(component)) return "repository \"" + path + "\" must be lowercase";
      return "repository path component \"" + component + "\" must be lowercase letters and digits joined by '.', '_', '__' or dashes";
    }
    start = end + 1;
  }
  return null;
}

/** A tag: a word character, then at most 127 word characters, '.' or '-'. */
export function tagError(tag: string): string | null {
  if (tag.length == 0) return "the tag after ':' is empty";
  if (tag.length > TAG_LENGTH_MAX) return "tag \"" + tag + "\" is longer than 128 characters";
  if (!isWordCharacter(tag.charCodeAt(0))) return "tag \"" + tag + "\" must start with a letter, a digit or '_'";
  for (let i = 1; i < tag.length; i++) {
    const c = tag.charCodeAt(i);
    if (!isWordCharacter(c) && c != 0x2e && c != 0x2d) return "tag \"" + tag + "\" may hold only letters, digits, '_', '.' and '-'";
  }
  return null;
}

/** The hex digits each digest algorithm go-digest knows must have. */
function digestHexLength(algorithm: string): i32 {
  if (algorithm == "sha256") return 64;
  if (algorithm == "sha384") return 96;
  if (algorithm == "sha512") return 128;
  return 0;
}

/** A digest: sha256, sha384 or sha512, ':', then that many lowercase hex digits. */
export function digestError(digest: string): string | null {
  const colon = digest.indexOf(":");
  if (colon < 0) return "digest \"" + digest + "\" must be an algorithm and hex digits, as sha256:<64 hex digits>";
  const algorithm = digest.substring(0, colon);
  const wanted = digestHexLength(algorithm);
  if (wanted == 0) return "digest algorithm \"" + algorithm + "\" is not sha256, sha384 or sha512";
  const hex = digest.length - colon - 1;
  if (!allOf(digest, colon + 1, digest.length, isLowerHexDigit)) return "digest \"" + digest + "\" must have lowercase hex digits after " + algorithm + ":";
  if (hex != wanted) return "digest \"" + digest + "\" must have " + decimal(wanted) + " hex digits after " + algorithm + ":, not " + decimal(hex);
  return null;
}

/** A 64-hex-digit image ID, which distribution refuses as a repository name. */
export function isImageId(text: string): bool {
  return text.length == 64 && allOf(text, 0, 64, isLowerHexDigit);
}
