// redact() on each kind of secret, as it is written in URLs, references, headers, query
// strings and JSON bodies, and on text that holds none and must come through as it was.
import { describe, expect, it } from "vitest";
import { redact, redactLines } from "../../src/io/redact.ts";

describe("redact", () => {
  it.each([
    ["https://alice:S3cr3t@host:8080/x.wasm", "https://alice:***@host:8080/x.wasm"],
    ["cannot download 'http://ghp_T0KEN@github.com/x.wasm': HTTP 404", "cannot download 'http://***@github.com/x.wasm': HTTP 404"],
    ["https://example.com@evil.test/", "https://***@evil.test/"],
    ["registry://bob:hunter2@ghcr.io/a/b:v1", "registry://bob:***@ghcr.io/a/b:v1"],
    ["reference 'bob:pa/ss@w0rd@ghcr.io/a/b:v1' refused", "reference 'bob:***@ghcr.io/a/b:v1' refused"],
    ["--module x=alice:pw@host/repo", "--module x=alice:***@host/repo"],
    ["bad header Authorization: Basic YWxpY2U6UzNjcjN0", "bad header Authorization: ***"],
    ['{"headers":{"Proxy-Authorization":"Bearer abc.def"}}', '{"headers":{"Proxy-Authorization":"***"}}'],
    ["sent bearer eyJhbGciOi.eyJzdWIi.c2ln= back", "sent bearer *** back"],
    ["https://s3.test/b/k?X-Amz-Credential=AK%2F&X-Amz-Signature=beef&X-Amz-Date=1", "https://s3.test/b/k?X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Date=1"],
    ["https://blob.test/c?sv=1&sig=abc%3D&se=2 and ?access_token=t0k&token=t1", "https://blob.test/c?sv=1&sig=***&se=2 and ?access_token=***&token=***"],
    ["cannot download http://h/m.wasm?sig=abc:d: HTTP 404, or ?token=t.", "cannot download http://h/m.wasm?sig=***: HTTP 404, or ?token=***."],
    ['{"access_token": "a\\"b", "expires_in": 3}', '{"access_token": "***", "expires_in": 3}'],
    ["line\nbreak\r\x1b[31mred\u202eevil\x00\ttab", "line\\nbreak\\r\\x1b[31mred\\u202eevil\\x00\ttab"],
  ])("%j → %j", (text, shown) => {
    expect(redact(text)).toBe(shown);
    expect(redact(shown)).toBe(shown);
  });

  it.each([
    "registry://ghcr.io/a/b@sha256:" + "0".repeat(64),
    "ghcr.io/a/b:v1@sha256:" + "0".repeat(64),
    'registry 127.0.0.1:5000 requires credentials (401, realm "https://auth.test/token?service=x") and none were sent',
    'asked for an unsupported authentication scheme: Bearer realm="https://auth.test/token",service="registry"',
    "https://registry.npmjs.org/@types/node and node_modules/@types/node",
    "mail alice@example.com about policies/required-labels",
  ])("leaves %j as it is", (text) => {
    expect(redact(text)).toBe(text);
  });

  it("keeps the lines of a message that has several, redacting each", () => {
    expect(redactLines("first https://a:b@h/x\nsecond \x07")).toBe("first https://a:***@h/x\nsecond \\x07");
  });
});
