// One CEL expression, parsed by @bufbuild/cel, written as AssemblyScript over
// the SDK's CEL runtime (sdk/assembly/cel). Each expression becomes an expression of CelValues; &&, ||
// and ?: keep cel-go's order through temporaries; a macro's body becomes its own
// function, reading its variable from a slot of the activation that no other
// macro uses. Anything outside what docs/vap.md lists is refused here.
import type { CelExpr } from "../cel/cel-ast.ts";
import { FUNCTIONS, REFUSED_FUNCTIONS, type Conversion } from "./cel-functions.ts";
import { BOOL, DOUBLE, DYN, INT, NAMESPACE_TYPE, NULL_TYPE, REQUEST_TYPE, STRING, compatible, equivalent, isDyn, join, listOf, typeName, type CelType } from "./cel-types.ts";

export interface Compiled {
  code: string;
  type: CelType;
}

/** What an expression may name: the policy's variables, and the macro variables in scope. */
export interface Scope {
  locals: Map<string, { slot: number; type: CelType }>;
}

/** Reports a refused construct; never returns. */
export type Refuse = (construct: string) => never;

const OPERATORS: Record<string, string> = {
  "_==_": "cel.eq", "_!=_": "cel.ne", "_<_": "cel.lt", "_<=_": "cel.le", "_>_": "cel.gt", "_>=_": "cel.ge",
  "_+_": "cel.add", "_-_": "cel.sub", "_*_": "cel.mul", "_/_": "cel.div", "_%_": "cel.mod",
  "_[_]": "cel.index", "@in": "cel.isIn",
};
const SETS: Record<string, string> = { contains: "cel.setsContains", intersects: "cel.setsIntersects", equivalent: "cel.setsEquivalent" };
const COMPARISONS = new Set(["_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_"]);
const ARITHMETIC: Record<string, CelType["kind"][]> = {
  "_+_": ["int", "double", "string", "list"], "_-_": ["int", "double"], "_*_": ["int", "double"], "_/_": ["int", "double"], "_%_": ["int"],
};

/** The module-level constants and functions a policy's expressions share. */
export class CodeUnit {
  readonly declarations: string[] = [];

  /** Whether an expression reads namespaceObject, which the policy gets from the cluster. */
  readsNamespace = false;

  /** `hasParams`: the policy declares spec.paramKind, so its expressions may read `params`. */
  constructor(readonly hasParams: boolean) {}

  private readonly constants = new Map<string, string>();
  private slots = 0;
  /** How many macro bodies each expression's function has, to number the next. */
  private readonly bodies = new Map<string, number>();

  /** A hoisted constant for `init`, so a literal allocates once per instance. */
  constant(init: string): string {
    let name = this.constants.get(init);
    if (!name) {
      name = `K${this.constants.size}`;
      this.constants.set(init, name);
      this.declarations.push(`const ${name} = ${init};`);
    }
    return name;
  }

  newSlot(): number {
    return this.slots++;
  }

  /** Declares `function <name>(a)` returning `code`, with its temporaries. */
  /** The name of the next macro body of the expression compiled as function `root`. */
  bodyName(root: string): string {
    const n = this.bodies.get(root) ?? 0;
    this.bodies.set(root, n + 1);
    return `${root}_body${n}`;
  }

  func(name: string, comment: string, code: string, temps: number): string {
    const locals = temps > 0 ? `  let ${Array.from({ length: temps }, (_, i) => `t${i}: cel.CelValue`).join(", ")};\n` : "";
    this.declarations.push(`// ${comment}\nfunction ${name}(a: cel.Activation): cel.CelValue {\n${locals}  return ${code};\n}`);
    return name;
  }
}

/** The policy's variables as expressions see them: the function that computes each, and its type. */
export type Variables = Map<string, { index: number; func: string; type: CelType }>;

export class ExpressionCompiler {
  private temps = 0;

  /** `root`: the function of the expression this one is part of, which names its macro bodies. */
  constructor(private readonly unit: CodeUnit, private readonly variables: Variables, private readonly refuse: Refuse, private readonly root: string) {}

  /** Compiles `expr` as the function `name` (of the expression `root`); returns the function's name and type. */
  static function(unit: CodeUnit, variables: Variables, refuse: Refuse, expr: CelExpr, scope: Scope, name: string, comment: string, root = name): Compiled {
    const compiler = new ExpressionCompiler(unit, variables, refuse, root);
    const body = compiler.compile(expr, scope);
    return { code: unit.func(name, comment, body.code, compiler.temps), type: body.type };
  }

  private temp(): string {
    return `t${this.temps++}`;
  }

  compile(expr: CelExpr, scope: Scope): Compiled {
    const kind = expr.exprKind;
    switch (kind.case) {
      case "constExpr":
        return this.constant(kind.value.constantKind);
      case "identExpr":
        return this.ident(kind.value.name, scope);
      case "selectExpr":
        return this.select(kind.value.operand!, kind.value.field, kind.value.testOnly, scope);
      case "callExpr":
        return this.call(kind.value.function, kind.value.target, kind.value.args, scope);
      case "listExpr":
        return this.list(kind.value.elements, kind.value.optionalIndices.length > 0, scope);
      case "structExpr":
        if (kind.value.messageName) return this.refuse(`message construction ${kind.value.messageName}{…}`);
        return this.map(kind.value.entries, scope);
      case "comprehensionExpr":
        return this.comprehension(kind.value, scope);
      default:
        return this.refuse("an empty expression");
    }
  }

  private constant(c: Extract<CelExpr["exprKind"], { case: "constExpr" }>["value"]["constantKind"]): Compiled {
    switch (c.case) {
      case "boolValue":
        return { code: c.value ? "cel.TRUE" : "cel.FALSE", type: BOOL };
      case "nullValue":
        return { code: "cel.NULL", type: NULL_TYPE };
      case "int64Value": {
        const literal = c.value === -9223372036854775808n ? "i64.MIN_VALUE" : `${c.value}`;
        return { code: this.unit.constant(`cel.celInt(${literal})`), type: INT };
      }
      case "doubleValue":
        return { code: this.unit.constant(`cel.celDouble(${doubleLiteral(c.value)})`), type: DOUBLE };
      case "stringValue":
        return { code: this.unit.constant(`cel.celString(${JSON.stringify(c.value)})`), type: STRING };
      case "uint64Value":
        return this.refuse("uint literals are not implemented");
      case "bytesValue":
        return this.refuse("bytes literals are not implemented");
      default:
        return this.refuse(`the literal ${c.case}`);
    }
  }

  private ident(name: string, scope: Scope): Compiled {
    const local = scope.locals.get(name);
    if (local) return { code: `a.local(${local.slot})`, type: local.type };
    switch (name) {
      case "object":
        return { code: "a.object", type: DYN };
      case "oldObject":
        return { code: "a.oldObject", type: DYN };
      case "params":
        if (!this.unit.hasParams) return this.refuse("undeclared reference to 'params' (the policy has no spec.paramKind)");
        return { code: "a.params", type: DYN };
      case "request":
        return { code: "a.requestVar", type: REQUEST_TYPE };
      case "namespaceObject":
        this.unit.readsNamespace = true;
        return { code: "a.namespaceObject", type: NAMESPACE_TYPE };
      case "authorizer":
        return this.refuse("authorizer is not implemented");
      case "variables":
        return this.refuse("variables must be followed by a variable's name");
      default:
        return this.refuse(`undeclared reference to '${name}'`);
    }
  }

  private select(operand: CelExpr, field: string, testOnly: boolean, scope: Scope): Compiled {
    if (operand.exprKind.case === "identExpr" && operand.exprKind.value.name === "variables" && !scope.locals.has("variables")) {
      const variable = this.variables.get(field);
      if (!variable) return this.refuse(`undeclared reference to 'variables.${field}' (a variable is used only after it is declared)`);
      if (testOnly) return this.refuse(`has(variables.${field})`);
      return { code: `a.variable(${variable.index}, ${variable.func})`, type: variable.type };
    }
    const target = this.compile(operand, scope);
    let type: CelType = DYN;
    if (target.type.kind === "object") {
      const declared = target.type.fields[field];
      if (!declared) return this.refuse(`undefined field '${field}' of ${target.type.name}`);
      if (declared.kind === "timestamp") return this.refuse(`${field}: timestamps are not implemented`);
      type = declared;
    } else if (target.type.kind === "map") type = target.type.value;
    else if (!isDyn(target.type)) return this.refuse(`type '${typeName(target.type)}' does not support field selection`);
    const name = JSON.stringify(field);
    return testOnly ? { code: `cel.has(${target.code}, ${name})`, type: BOOL } : { code: `cel.select(${target.code}, ${name})`, type };
  }

  private list(elements: CelExpr[], optional: boolean, scope: Scope): Compiled {
    if (optional) return this.refuse("optional list elements are not implemented");
    const compiled = elements.map((e) => this.compile(e, scope));
    let elem: CelType | undefined;
    for (const c of compiled) {
      if (elem && !equivalent(elem, c.type)) return this.refuse(`a list literal mixes ${typeName(elem)} and ${typeName(c.type)} (Kubernetes requires one type)`);
      elem = c.type;
    }
    return { code: `cel.listOf([${compiled.map((c) => c.code).join(", ")}])`, type: listOf(elem ?? DYN) };
  }

  /** A map literal: string keys (the runtime's maps have no others), values of one type. */
  private map(entries: Extract<CelExpr["exprKind"], { case: "structExpr" }>["value"]["entries"], scope: Scope): Compiled {
    const code: string[] = [];
    let value: CelType | undefined;
    for (const entry of entries) {
      if (entry.optionalEntry) return this.refuse("optional map entries are not implemented");
      if (entry.keyKind.case !== "mapKey") return this.refuse("a map literal entry without a key");
      const k = this.compile(entry.keyKind.value, scope), v = this.compile(entry.value!, scope);
      if (k.type.kind !== "string") return this.refuse(`a map literal key of type ${typeName(k.type)}: only keys known to be strings are implemented`);
      if (value && !equivalent(value, v.type)) return this.refuse(`a map literal mixes ${typeName(value)} and ${typeName(v.type)} values (Kubernetes requires one type)`);
      value = v.type;
      code.push(k.code, v.code);
    }
    return { code: `cel.mapOf([${code.join(", ")}])`, type: { kind: "map", value: value ?? DYN } };
  }

  private call(fn: string, target: CelExpr | undefined, args: CelExpr[], scope: Scope): Compiled {
    if (fn === "_&&_" || fn === "_||_") return this.logical(fn, args, scope);
    if (fn === "_?_:_") return this.conditional(args, scope);
    if (fn === "!_" || fn === "-_") {
      const operand = this.compile(args[0], scope);
      const wanted = fn === "!_" ? ["bool"] : ["int", "double"];
      if (!isDyn(operand.type) && !wanted.includes(operand.type.kind)) return this.refuse(`no matching overload for '${fn}' applied to (${typeName(operand.type)})`);
      return { code: `${fn === "!_" ? "cel.not" : "cel.neg"}(${operand.code})`, type: fn === "!_" ? BOOL : operand.type };
    }
    if (OPERATORS[fn]) return this.operator(fn, args.map((a) => this.compile(a, scope)));
    if (target?.exprKind.case === "identExpr" && target.exprKind.value.name === "sets" && !scope.locals.has("sets")) return this.sets(fn, args.map((a) => this.compile(a, scope)));
    if (fn.startsWith("_") || fn.startsWith("@")) return this.refuse(`the operator ${fn}`);
    return this.function(fn, target ? this.compile(target, scope) : undefined, args.map((a) => this.compile(a, scope)));
  }

  /** cel-go's sets extension: sets.contains, sets.intersects and sets.equivalent, each of two lists. */
  private sets(fn: string, args: Compiled[]): Compiled {
    const runtime = SETS[fn];
    if (!runtime || args.length !== 2) return this.refuse(`sets.${fn}() with ${args.length} argument(s) is not implemented`);
    const [a, b] = args.map((x) => x.type);
    const list = (t: CelType) => isDyn(t) || t.kind === "list";
    if (!list(a) || !list(b) || (a.kind === "list" && b.kind === "list" && !compatible(a.elem, b.elem))) {
      return this.refuse(`found no matching overload for 'sets.${fn}' applied to '(${typeName(a)}, ${typeName(b)})'`);
    }
    return { code: `${runtime}(${args[0].code}, ${args[1].code})`, type: BOOL };
  }

  private logical(fn: string, args: CelExpr[], scope: Scope): Compiled {
    const [left, right] = args.map((a) => this.compile(a, scope));
    for (const side of [left, right]) {
      if (!isDyn(side.type) && side.type.kind !== "bool") return this.refuse(`no matching overload for '${fn}' applied to ${typeName(side.type)}`);
    }
    const t = this.temp();
    const code = fn === "_&&_" ? `((${t} = ${left.code}).isFalse ? ${t} : cel.and(${t}, ${right.code}))` : `((${t} = ${left.code}).isTrue ? ${t} : cel.or(${t}, ${right.code}))`;
    return { code, type: BOOL };
  }

  private conditional(args: CelExpr[], scope: Scope): Compiled {
    const [condition, then, otherwise] = args.map((a) => this.compile(a, scope));
    if (!isDyn(condition.type) && condition.type.kind !== "bool") return this.refuse(`a condition of type ${typeName(condition.type)}`);
    const t = this.temp();
    return { code: `((${t} = ${condition.code}).isTrue ? ${then.code} : ${t}.isFalse ? ${otherwise.code} : cel.conditionError(${t}))`, type: join(then.type, otherwise.type) };
  }

  private operator(fn: string, operands: Compiled[]): Compiled {
    const [left, right] = operands;
    const known = !isDyn(left.type) && !isDyn(right.type);
    const accepts = (t: CelType, kinds: CelType["kind"][]) => isDyn(t) || kinds.includes(t.kind);
    const numeric = (t: CelType) => t.kind === "int" || t.kind === "double";
    let type: CelType = BOOL;
    if (ARITHMETIC[fn]) {
      if (!accepts(left.type, ARITHMETIC[fn]) || !accepts(right.type, ARITHMETIC[fn]) || (known && !compatible(left.type, right.type))) return this.mismatch(fn, left, right);
      type = isDyn(left.type) ? right.type : left.type;
    } else if (COMPARISONS.has(fn) && fn !== "_==_" && fn !== "_!=_") {
      const ordered: CelType["kind"][] = ["int", "double", "string", "bool"];
      if (!accepts(left.type, ordered) || !accepts(right.type, ordered)) return this.mismatch(fn, left, right);
      if (known && !compatible(left.type, right.type) && !(numeric(left.type) && numeric(right.type))) return this.mismatch(fn, left, right);
    } else if (fn === "_==_" || fn === "_!=_") {
      // Equality is declared for (A, A): two known types must be the same, or an object and null.
      const nullObject = (a: CelType, b: CelType) => a.kind === "object" && b.kind === "null";
      if (known && !compatible(left.type, right.type) && !nullObject(left.type, right.type) && !nullObject(right.type, left.type)) return this.mismatch(fn, left, right);
    } else if (fn === "_[_]") {
      if (!accepts(left.type, ["list", "map"])) return this.mismatch(fn, left, right);
      if (left.type.kind === "list" && !accepts(right.type, ["int"])) return this.mismatch(fn, left, right);
      if (left.type.kind === "map" && !accepts(right.type, ["string"])) return this.mismatch(fn, left, right);
      type = left.type.kind === "list" ? left.type.elem : left.type.kind === "map" ? left.type.value : DYN;
    } else if (fn === "@in") {
      if (!accepts(right.type, ["list", "map"])) return this.mismatch(fn, left, right);
      const member = right.type.kind === "list" ? right.type.elem : right.type.kind === "map" ? STRING : DYN;
      if (!compatible(left.type, member)) return this.mismatch(fn, left, right);
    }
    return { code: `${OPERATORS[fn]}(${left.code}, ${right.code})`, type };
  }

  private mismatch(fn: string, left: Compiled, right: Compiled): never {
    return this.refuse(`found no matching overload for '${fn}' applied to '(${typeName(left.type)}, ${typeName(right.type)})'`);
  }

  private function(fn: string, receiver: Compiled | undefined, args: Compiled[]): Compiled {
    const refused = REFUSED_FUNCTIONS[fn];
    if (refused) return this.refuse(`${fn}(): ${refused}`);
    const overload = (FUNCTIONS[fn] ?? []).find((f) => f.member === (receiver !== undefined) && f.arities.includes(args.length));
    if (!overload) return this.refuse(`the function ${receiver ? "." : ""}${fn}() with ${args.length} argument(s) is not implemented`);
    if (receiver && overload.receiver && !isDyn(receiver.type) && receiver.type.kind !== overload.receiver) {
      return this.refuse(`found no matching overload for '${fn}' applied to '${typeName(receiver.type)}'`);
    }
    const wrongArgument = args.find((a, i) => overload.args?.[i] && !isDyn(a.type) && a.type.kind !== overload.args[i]);
    if (wrongArgument) return this.refuse(`found no matching overload for '${fn}' applied to an argument of type ${typeName(wrongArgument.type)}`);
    if (fn === "dyn") return { code: args[0].code, type: DYN };
    if (overload.converts) this.checkConversion(fn, overload.converts, args[0].type);
    // The lists library's functions have one overload per element type.
    const elem = receiver?.type.kind === "list" ? receiver.type.elem : DYN;
    const summable = ["int", "double", "dyn"], comparable = ["int", "double", "string", "bool", "dyn"];
    const nested = ["list", "dyn"];
    if ((fn === "sum" && !summable.includes(elem.kind)) || (["min", "max", "isSorted", "sort"].includes(fn) && !comparable.includes(elem.kind)) || (fn === "flatten" && args.length === 0 && !nested.includes(elem.kind))) {
      return this.refuse(`found no matching overload for '${fn}' applied to '${typeName(receiver!.type)}'`);
    }
    const all = receiver ? [receiver, ...args] : args;
    return { code: `${overload.runtime}(${all.map((c) => c.code).join(", ")})`, type: overload.result(receiver?.type ?? args[0]?.type, args.length) };
  }

  private checkConversion(fn: string, converts: Conversion, from: CelType): void {
    if (converts.from.includes(from.kind)) return;
    if (converts.refused.includes(from.kind)) {
      this.refuse(`${fn}() of ${isDyn(from) ? "a value whose type is known only when it runs" : `a ${typeName(from)}`}: ${converts.reason} (implemented for ${converts.from.join(", ")})`);
    }
    this.refuse(`found no matching overload for '${fn}' applied to '(${typeName(from)})'`);
  }

  private comprehension(c: Extract<CelExpr["exprKind"], { case: "comprehensionExpr" }>["value"], scope: Scope): Compiled {
    if (c.iterVar2) return this.refuse("two-variable comprehensions are not implemented");
    const macro = recogniseMacro(c);
    if (!macro) return this.refuse("a comprehension that is none of all, exists, exists_one, map and filter");
    const range = this.compile(c.iterRange!, scope);
    const elem = range.type.kind === "list" ? range.type.elem : range.type.kind === "map" ? STRING : DYN;
    const slot = this.unit.newSlot();
    const inner: Scope = { locals: new Map([...scope.locals, [c.iterVar, { slot, type: elem }]]) };
    const body = (e: CelExpr) => ExpressionCompiler.function(this.unit, this.variables, this.refuse, e, inner, this.unit.bodyName(this.root), `${macro.name}: ${c.iterVar}`, this.root);
    const predicate = macro.predicate ? body(macro.predicate) : undefined;
    if (predicate && !isDyn(predicate.type) && predicate.type.kind !== "bool") return this.refuse(`${macro.name}() needs a bool predicate, not ${typeName(predicate.type)}`);
    if (macro.name === "map" || macro.name === "filter") {
      const transform = macro.transform ? body(macro.transform) : { code: "", type: elem };
      const fn = macro.transform ? transform.code : "null";
      const elementType = macro.name === "filter" ? elem : transform.type;
      // filter(x, p) is map(x, p, x): its transform is the variable itself.
      const t = macro.name === "filter" ? this.unit.func(this.unit.bodyName(this.root), `filter: ${c.iterVar}`, `a.local(${slot})`, 0) : fn;
      return { code: `cel.mapFilter(a, ${range.code}, ${slot}, ${predicate ? predicate.code : "null"}, ${t})`, type: listOf(elementType) };
    }
    const runtime = { all: "cel.all", exists: "cel.exists", exists_one: "cel.existsOne" }[macro.name];
    return { code: `${runtime}(a, ${range.code}, ${slot}, ${predicate!.code})`, type: BOOL };
  }
}

function doubleLiteral(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (!Number.isFinite(d)) return d > 0 ? "Infinity" : "-Infinity";
  const text = String(d);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

type Comprehension = Extract<CelExpr["exprKind"], { case: "comprehensionExpr" }>["value"];
interface Macro {
  name: "all" | "exists" | "exists_one" | "map" | "filter";
  predicate?: CelExpr;
  transform?: CelExpr;
}

const callOf = (e: CelExpr | undefined) => (e?.exprKind.case === "callExpr" ? e.exprKind.value : undefined);
const isIdent = (e: CelExpr | undefined, name: string) => e?.exprKind.case === "identExpr" && e.exprKind.value.name === name;

/** Which macro the parser expanded into `c`, by the shape cel-go's macros give it. */
export function recogniseMacro(c: Comprehension): Macro | undefined {
  const step = callOf(c.loopStep);
  const accu = c.accuVar;
  const init = c.accuInit?.exprKind;
  if (!step) return undefined;
  if (init?.case === "constExpr" && init.value.constantKind.case === "boolValue" && isIdent(c.result, accu)) {
    if (step.function === "_&&_" && init.value.constantKind.value === true && isIdent(step.args[0], accu)) return { name: "all", predicate: step.args[1] };
    if (step.function === "_||_" && init.value.constantKind.value === false && isIdent(step.args[0], accu)) return { name: "exists", predicate: step.args[1] };
  }
  if (init?.case === "constExpr" && init.value.constantKind.case === "int64Value" && step.function === "_?_:_") {
    return { name: "exists_one", predicate: step.args[0] };
  }
  if (init?.case !== "listExpr" || !isIdent(c.result, accu)) return undefined;
  const append = (e: CelExpr | undefined) => {
    const add = callOf(e);
    const list = add?.args[1]?.exprKind;
    return add?.function === "_+_" && isIdent(add.args[0], accu) && list?.case === "listExpr" && list.value.elements.length === 1 ? list.value.elements[0] : undefined;
  };
  const mapped = append(c.loopStep);
  if (mapped) return { name: "map", transform: mapped };
  if (step.function !== "_?_:_") return undefined;
  const transform = append(step.args[1]);
  if (!transform) return undefined;
  return isIdent(transform, c.iterVar) ? { name: "filter", predicate: step.args[0] } : { name: "map", predicate: step.args[0], transform };
}

