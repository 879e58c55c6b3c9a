// One request as every policy of a set needs it, each form built once however many policies
// judge it: its CEL values for matchConditions and its JSON for the policies' modules.
import type { AdmissionRequest } from "../host/admission-request.ts";
import { SerialisedRequest } from "../host/evaluator.ts";
import { conditionVariables, type ConditionVariables } from "./match-conditions.ts";

export class JudgedRequest {
  private variables?: ConditionVariables;
  /** What the policies receive. */
  readonly sent: SerialisedRequest;

  /**
   * `request` is matched as the API server matches it; `sent` is what the policies receive, when
   * it is not that request (an audit sends the request audit-scanner builds from a stored object).
   */
  constructor(readonly request: AdmissionRequest, sent: AdmissionRequest = request) {
    this.sent = new SerialisedRequest(sent);
  }

  /** The matchConditions' variables, converted on first use. */
  readonly conditionVariables = (): ConditionVariables => {
    this.variables ??= conditionVariables(this.request);
    return this.variables;
  };
}
