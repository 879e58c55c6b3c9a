// crypto/v1/is_certificate_trusted answered with node:crypto, on certificates openssl makes.
import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CERTIFICATE_NOT_TRUSTED_BY_CHAIN, CERTIFICATE_USED_AFTER_EXPIRATION, CERTIFICATE_USED_BEFORE_VALIDITY, isCertificateTrusted,
} from "../../src/host/live/certificate-trust.ts";
import { dispatchHostCall } from "../../src/host/capabilities/registry.ts";
import type { ExternalSource } from "../../src/host/capabilities/external-requests.ts";
import { makeTestChain, type TestChain } from "../support/x509-chain.ts";

const pem = (text: string) => ({ encoding: "Pem" as const, data: [...Buffer.from(text)] });
const der = (text: string) => ({ encoding: "Der" as const, data: [...new X509Certificate(text).raw] });
const TRUSTED = { trusted: true, reason: "" };
const untrusted = (reason: string) => ({ trusted: false, reason });

describe("is_certificate_trusted, answered live", () => {
  let chain: TestChain;
  beforeAll(() => {
    chain = makeTestChain();
  });
  afterAll(() => chain.remove());

  it("trusts a certificate that chains through the intermediate to the chain's last certificate", () => {
    expect(isCertificateTrusted({ cert: pem(chain.leaf), cert_chain: [pem(chain.intermediate), pem(chain.root)], not_after: null })).toEqual(TRUSTED);
    expect(isCertificateTrusted({ cert: der(chain.leaf), cert_chain: [der(chain.intermediate), pem(chain.root)], not_after: null })).toEqual(TRUSTED);
  });

  it("does not trust a certificate whose issuer is missing from the chain, or signed by another root", () => {
    expect(isCertificateTrusted({ cert: pem(chain.leaf), cert_chain: [pem(chain.root)], not_after: null })).toEqual(untrusted(CERTIFICATE_NOT_TRUSTED_BY_CHAIN));
    expect(isCertificateTrusted({ cert: pem(chain.strangerLeaf), cert_chain: [pem(chain.intermediate), pem(chain.root)], not_after: null }))
      .toEqual(untrusted(CERTIFICATE_NOT_TRUSTED_BY_CHAIN));
  });

  it("without a chain, checks against the system's (Mozilla's) roots, which do not hold a test root", () => {
    expect(isCertificateTrusted({ cert: pem(chain.leaf), not_after: null })).toEqual(untrusted(CERTIFICATE_NOT_TRUSTED_BY_CHAIN));
  });

  it("does not trust an expired certificate, nor one checked at a not_after outside its validity", () => {
    const full = [pem(chain.intermediate), pem(chain.root)];
    expect(isCertificateTrusted({ cert: pem(chain.expiredLeaf), cert_chain: full, not_after: null })).toEqual(untrusted(CERTIFICATE_USED_AFTER_EXPIRATION));
    const inTwoMonths = new Date(Date.now() + 60 * 86_400_000).toISOString();
    expect(isCertificateTrusted({ cert: pem(chain.leaf), cert_chain: full, not_after: inTwoMonths })).toEqual(untrusted(CERTIFICATE_USED_AFTER_EXPIRATION));
    expect(isCertificateTrusted({ cert: pem(chain.leaf), cert_chain: full, not_after: "2021-06-01T00:00:00+02:00" })).toEqual(untrusted(CERTIFICATE_USED_BEFORE_VALIDITY));
  });

  it("answers bad input with an error, as policy-evaluator does", () => {
    expect(() => isCertificateTrusted({ cert: pem("not a certificate"), not_after: null })).toThrow(/^Certificate PEM data is not valid: /);
    expect(() => isCertificateTrusted({ cert: pem(chain.leaf), not_after: "yesterday" })).toThrow("Timestamp not_after is not in RFC3339 format");
  });

  it("reaches the guest through the registry, from the evaluation's external source", () => {
    const external = { isCertificateTrusted } as unknown as ExternalSource;
    const body = JSON.stringify({ cert: pem(chain.expiredLeaf), cert_chain: [pem(chain.intermediate), pem(chain.root)], not_after: null });
    const answer = dispatchHostCall({ external }, "kubewarden", "crypto", "v1/is_certificate_trusted", new TextEncoder().encode(body));
    expect(JSON.parse(new TextDecoder().decode(answer))).toEqual(untrusted(CERTIFICATE_USED_AFTER_EXPIRATION));
  });
});
