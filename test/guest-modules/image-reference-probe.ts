// A test module that parses each image reference in its settings with the
// SDK's ImageReference and answers one warning per reference:
// "<domain> <path> <tag> <digest> <normalized>" (absent parts as "-"), or "error: <reason>".
import { definePolicy, ALL_OPERATIONS, SettingsReader, ValidationRequest, ValidationResponse, ImageReference, accept } from "@wardenkit/sdk";

class References {
  constructor(readonly list: string[]) {}
}

function parseSettings(reader: SettingsReader): References {
  return new References(reader.stringList("references"));
}

function orDash(part: string | null): string {
  return part === null ? "-" : part;
}

function describe(text: string): string {
  const image = ImageReference.parse(text);
  if (!image.ok) return "error: " + image.error!;
  return [image.domain, image.path, orDash(image.tag), orDash(image.digest), image.normalized()].join(" ");
}

function validate(request: ValidationRequest, references: References): ValidationResponse {
  const response = accept();
  for (let i = 0; i < references.list.length; i++) response.warn(describe(references.list[i]));
  return response;
}

definePolicy<References>(parseSettings, validate, ALL_OPERATIONS);
export { __guest_call } from "@wardenkit/sdk";
