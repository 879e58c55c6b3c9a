import { ValidationRequest, ValidationResponse, accept, reject } from "../../../sdk/assembly";
export function validate(request: ValidationRequest): ValidationResponse {
  if (request.object.get("metadata").get("labels").get("app").isMissing) return reject("missing app");
  return accept();
}
