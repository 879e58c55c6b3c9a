// Kubernetes name rules, as the API server's validation applies them.
import { isAlphaNumeric, isLowerAlphaNumeric } from "../text/ascii-chars";

/**
 * A DNS-1123 subdomain: lowercase alphanumerics, '-' and '.', alphanumeric at
 * both ends, at most 253 characters.
 *
 * @example
 * isDnsSubdomain("example.com") // true
 * isDnsSubdomain("Example.COM") // false
 */
export function isDnsSubdomain(text: string): bool {
  const n = text.length;
  if (n == 0 || n > 253) return false;
  if (!isLowerAlphaNumeric(text.charCodeAt(0)) || !isLowerAlphaNumeric(text.charCodeAt(n - 1))) return false;
  for (let i = 1; i < n - 1; i++) {
    const c = text.charCodeAt(i);
    if (!isLowerAlphaNumeric(c) && c != 0x2d && c != 0x2e) return false;
  }
  return true;
}

/**
 * The name part of a label key: at most 63 characters, alphanumeric at both
 * ends, '-', '_', '.' inside.
 *
 * @example
 * isQualifiedNamePart("app_name") // true
 * isQualifiedNamePart("-app")     // false
 */
export function isQualifiedNamePart(text: string): bool {
  const n = text.length;
  if (n == 0 || n > 63) return false;
  if (!isAlphaNumeric(text.charCodeAt(0)) || !isAlphaNumeric(text.charCodeAt(n - 1))) return false;
  for (let i = 1; i < n - 1; i++) {
    const c = text.charCodeAt(i);
    if (!isAlphaNumeric(c) && c != 0x2d && c != 0x5f && c != 0x2e) return false;
  }
  return true;
}

/**
 * A label value: empty, or at most 63 characters, alphanumeric at both ends,
 * '-', '_', '.' inside (the same characters as a label key's name part).
 *
 * @example
 * isLabelValue("v1.2_rc-3") // true
 * isLabelValue("")          // true
 * isLabelValue("a b")       // false
 */
export function isLabelValue(text: string): bool {
  return text.length == 0 || isQualifiedNamePart(text);
}

/**
 * A label or annotation key: an optional DNS subdomain prefix and '/', then a name.
 *
 * @example
 * isQualifiedName("app.kubernetes.io/name") // true
 * isQualifiedName("a/b/c")                  // false
 */
export function isQualifiedName(key: string): bool {
  const slash = key.indexOf("/");
  if (slash < 0) return isQualifiedNamePart(key);
  if (key.indexOf("/", slash + 1) >= 0) return false;
  return isDnsSubdomain(key.substring(0, slash)) && isQualifiedNamePart(key.substring(slash + 1));
}
