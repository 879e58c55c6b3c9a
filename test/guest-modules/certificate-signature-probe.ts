// A test module that asks the SDK's verifyCertificate about the image its settings name
// ({"image", "certificate", "chain": [PEM], "requireRekorBundle"}) and rejects every request
// with "trusted: <digest>" or "error: <host error>", so that a test reads the live answer
// through a real guest.
import {
  definePolicy, ALL_OPERATIONS, SettingsReader, ValidationRequest, ValidationResponse, reject, verifyCertificate, CertificateVerifyOptions,
} from "@wardenkit/sdk";

class Check {
  constructor(readonly image: string, readonly certificate: string, readonly chain: string[], readonly requireRekorBundle: bool) {}
}

function parseSettings(reader: SettingsReader): Check {
  return new Check(reader.string("image", ""), reader.string("certificate", ""), reader.stringList("chain"), reader.bool("requireRekorBundle", false));
}

function validate(request: ValidationRequest, check: Check): ValidationResponse {
  const options: CertificateVerifyOptions = {
    certificateChain: check.chain.length > 0 ? check.chain : null, requireRekorBundle: check.requireRekorBundle, annotations: null,
  };
  const result = verifyCertificate(check.image, check.certificate, options);
  return reject(result.ok && result.isTrusted ? "trusted: " + result.digest : "error: " + result.error);
}

definePolicy<Check>(parseSettings, validate, ALL_OPERATIONS);
export { __guest_call } from "@wardenkit/sdk";
