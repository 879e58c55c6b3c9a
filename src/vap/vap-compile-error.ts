// Why a ValidatingAdmissionPolicy cannot be compiled: the expression's place in
// the VAP (like `spec.validations[2].expression`) and the construct refused.

export class VapCompileError extends Error {
  constructor(readonly path: string, readonly construct: string, expression?: string) {
    super(expression === undefined ? `${path}: ${construct}` : `${path} ${JSON.stringify(expression)}: ${construct}`);
    this.name = "VapCompileError";
  }
}
