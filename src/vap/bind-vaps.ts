// Pairs each ValidatingAdmissionPolicy with its bindings and each binding with its parameter
// object, as the API server does when it evaluates one: a binding names its policy by
// spec.policyName, and a policy with a paramKind reads the object its binding's paramRef
// names. A policy folder holds one module with one set of settings, so a paramRef must name
// exactly one object: a label selector, or a namespace left to the request's, is refused.
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { POLICY_NAME_MAX_LENGTH } from "../project/policies.ts";
import type { VapInputs } from "./read-vaps.ts";
import { VapInputError, type Sourced, type ValidatingAdmissionPolicy, type ValidatingAdmissionPolicyBinding } from "./vap-objects.ts";

/** One policy as one binding applies it: what becomes one policy folder and one manifest. */
export interface BoundVap {
  /** The policy folder's and the manifest's name. */
  name: string;
  policy: Sourced<ValidatingAdmissionPolicy>;
  /** Absent when no binding was given: then the policy is bound as with validationActions [Deny] and no matchResources. */
  binding?: Sourced<ValidatingAdmissionPolicyBinding>;
  /** The parameter object, when the policy has a paramKind. */
  params?: KubernetesObject;
}

/** A Kubernetes name as a policy folder name: '.' becomes '-', cut to a DNS label's length. */
export function policyFolderName(name: string): string {
  return name.replace(/\./g, "-").slice(0, POLICY_NAME_MAX_LENGTH).replace(/-+$/, "");
}

const describe = (o: KubernetesObject) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata?.name}`;

function paramsFor(policy: Sourced<ValidatingAdmissionPolicy>, binding: Sourced<ValidatingAdmissionPolicyBinding> | undefined, candidates: Sourced<KubernetesObject>[]): KubernetesObject | undefined {
  const paramKind = policy.object.spec.paramKind;
  if (!paramKind) return undefined;
  const wanted = `${paramKind.apiVersion} ${paramKind.kind}`;
  const vap = `ValidatingAdmissionPolicy ${policy.object.metadata.name}`;
  if (!binding) throw new VapInputError(`${vap} has paramKind ${wanted}, so it needs a binding with a paramRef naming its parameter object: give one with --binding`);
  const where = `${binding.source} (ValidatingAdmissionPolicyBinding ${binding.object.metadata.name})`;
  const ref = binding.object.spec.paramRef;
  if (!ref) throw new VapInputError(`${where}: spec.paramRef is missing, and ${vap} has paramKind ${wanted}: the API server would fail every request it matches`);
  if (ref.selector) throw new VapInputError(`${where}: spec.paramRef.selector evaluates the policy once per matching object; wardenkit compiles one parameter object per policy: name it with paramRef.name`);
  if (!ref.name) throw new VapInputError(`${where}: spec.paramRef.name is required (wardenkit compiles one parameter object per policy)`);
  const named = candidates.filter((c) => c.object.metadata?.name === ref.name && (ref.namespace === undefined || c.object.metadata?.namespace === ref.namespace));
  const found = named.filter((c) => c.object.apiVersion === paramKind.apiVersion && c.object.kind === paramKind.kind);
  if (found.length === 0) {
    const other = named[0] ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (other) throw new VapInputError(`${other.source}: the parameter object is ${describe(other.object)}, but ${vap} takes paramKind ${wanted}`);
    throw new VapInputError(`${where}: no parameter object ${wanted} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name} was given: add it with --params`);
  }
  if (found.length > 1) throw new VapInputError(`${where}: ${found.length} parameter objects match paramRef ${ref.name} (${found.map((f) => f.source).join(", ")})`);
  if (ref.namespace === undefined && found[0].object.metadata?.namespace) {
    throw new VapInputError(`${where}: spec.paramRef.namespace is not set, so the API server reads the parameters from each request's own namespace; wardenkit compiles one parameter object: set paramRef.namespace`);
  }
  return found[0].object;
}

/** Every policy with each of its bindings (or alone, when nothing binds it), and their parameters. */
export function bindVaps(inputs: VapInputs, params: Sourced<KubernetesObject>[] = []): BoundVap[] {
  const candidates = [...params, ...inputs.others];
  for (const binding of inputs.bindings) {
    const policyName = binding.object.spec.policyName;
    if (!inputs.policies.some((p) => p.object.metadata.name === policyName)) {
      const known = inputs.policies.map((p) => p.object.metadata.name).join(", ") || "none";
      throw new VapInputError(`${binding.source} (ValidatingAdmissionPolicyBinding ${binding.object.metadata.name}): spec.policyName ${policyName} is not a ValidatingAdmissionPolicy given here (given: ${known})`);
    }
  }
  const names = new Set<string>();
  return inputs.policies.flatMap((policy) => {
    if (inputs.policies.filter((p) => p.object.metadata.name === policy.object.metadata.name).length > 1) {
      throw new VapInputError(`ValidatingAdmissionPolicy ${policy.object.metadata.name} is given twice`);
    }
    const bindings = inputs.bindings.filter((b) => b.object.spec.policyName === policy.object.metadata.name);
    const pairs: (Sourced<ValidatingAdmissionPolicyBinding> | undefined)[] = bindings.length ? bindings : [undefined];
    return pairs.map((binding) => {
      const name = policyFolderName(bindings.length > 1 ? binding!.object.metadata.name : policy.object.metadata.name);
      if (names.has(name)) throw new VapInputError(`two policies would be written as ${name}; rename a ValidatingAdmissionPolicy or binding`);
      names.add(name);
      const bound: BoundVap = { name, policy, binding, params: paramsFor(policy, binding, candidates) };
      return bound;
    });
  });
}
