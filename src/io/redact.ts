// Secrets are never shown: every URL, registry reference and piece of upstream text (a
// registry's or server's error) passes through `redact` before it reaches a log, a terminal,
// an HTTP answer or a report. Hand-written: the rules are a few patterns of our own choosing,
// applied to free text, which no URL parser does.

const MASK = "***";

/** `scheme://user:password@` (userinfo ends at the last `@` before the path), as RFC 3986 reads a URL. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s/?#]*)@/gi;
/** Words, for registry references: `user:secret@host/repo`, with `registry://` or without a scheme. */
const WORD = /\S+/g;
const REGISTRY_SCHEME = /^(.*?)registry:\/\//i;
// Scheme names are bounded so that a long run of letters costs linear time.
const OTHER_SCHEME = /[a-z][a-z0-9+.-]{0,31}:\/\//i;
/** An authorization header echoed back, by name: its whole value. */
const AUTH_HEADER = /\b((?:proxy-)?authorization|x-registry-auth|x-auth-token|private-token|x-api-key|api-key|cookie|set-cookie)(["']?\s*[:=]\s*["']?)[^\r\n"',;}]+/gi;
/** `Bearer <token>` or `Basic <token>`, but not a challenge's `Bearer realm="…"`. */
const AUTH_SCHEME = /\b(Bearer|Basic)(\s+)(?![a-z_-]+=["'])[A-Za-z0-9._~+/-]+=*/gi;
const SECRET_NAMES = "token|access_token|refresh_token|id_token|client_secret|password|passwd|secret|api_key|apikey|key|sig|signature|" +
  "x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential";
/** `?token=…`, `&X-Amz-Signature=…`, and form bodies: `password=…`; a sentence's `:`, `,` or `.` after it stays. */
const QUERY_SECRET = new RegExp(`(^|[?&;\\s"'(,])(${SECRET_NAMES})=[^&\\s#"']*?(?=[:,.;)]?(?:[&\\s#"']|$))`, "gi");
/** `"token": "…"` in a JSON body. */
const JSON_SECRET = new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*"`, "gi");
/** C0 and C1 controls but the tab, and the bidirectional overrides that reorder what a terminal shows. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED_ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r" };

/** `user:secret` → `user:***`; a user alone (often a token) → `***`. */
function maskUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(":");
  return colon < 0 ? MASK : `${userinfo.slice(0, colon)}:${MASK}`;
}

/**
 * The credentials before a registry reference's host (`user[:secret]@`), which may hold `/`
 * and `@`: they end at the last `@` followed by a path (a digest's `@` never is), after a
 * user name without `/`.
 */
export function referenceUserinfo(bare: string): { userinfo: string; rest: string } | null {
  for (let at = bare.lastIndexOf("@"); at > 0; at = bare.lastIndexOf("@", at - 1)) {
    const userinfo = bare.slice(0, at);
    if (bare.slice(at + 1).includes("/") && !userinfo.split(":")[0].includes("/")) return { userinfo, rest: bare.slice(at + 1) };
  }
  return null;
}

function maskReferenceWord(word: string): string {
  if (!word.includes("@")) return word;
  if (OTHER_SCHEME.test(word) && !REGISTRY_SCHEME.test(word)) return word;
  const prefix = REGISTRY_SCHEME.exec(word)?.[0] ?? "";
  const found = referenceUserinfo(word.slice(prefix.length));
  return found ? `${prefix}${maskUserinfo(found.userinfo)}@${found.rest}` : word;
}

function escapeControl(char: string): string {
  const code = char.charCodeAt(0);
  return NAMED_ESCAPES[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
}

/**
 * The text with credentials masked (URL userinfo, authorization headers and schemes,
 * secret query and JSON fields) and control characters escaped, so it shows as one line.
 */
export function redact(text: string): string {
  return text
    .replace(URL_USERINFO, (_, scheme: string, userinfo: string) => `${scheme}${maskUserinfo(userinfo)}@`)
    .replace(WORD, maskReferenceWord)
    .replace(AUTH_HEADER, (_, name: string, separator: string) => `${name}${separator}${MASK}`)
    .replace(AUTH_SCHEME, (_, scheme: string, space: string) => `${scheme}${space}${MASK}`)
    .replace(QUERY_SECRET, (_, before: string, name: string) => `${before}${name}=${MASK}`)
    .replace(JSON_SECRET, (_, start: string) => `${start}${MASK}"`)
    .replace(CONTROL, escapeControl);
}

/** `redact` line by line, for a message whose own lines are meant (a command's error). */
export function redactLines(text: string): string {
  return text.split("\n").map(redact).join("\n");
}
