// The functions of Kubernetes' CEL the compiler supports: how each is called
// (as a method or a global, with how many arguments), the static type it
// gives, and the runtime function of the SDK's CEL runtime (sdk/assembly/cel) that answers it. A
// function not listed here is refused, with the reason when one is known.
import { BOOL, DOUBLE, DYN, INT, STRING, listOf, type CelType } from "./cel-types.ts";

export interface CelFunction {
  /** Called as `receiver.name(args)` (true) or `name(args)` (false). */
  member: boolean;
  /** How many arguments (besides the receiver) it takes. */
  arities: number[];
  /** The receiver's type, when it must be one (checked when known). */
  receiver?: CelType["kind"];
  /** The arguments' types, in order (checked when known). */
  args?: CelType["kind"][];
  /** The result's type, from the receiver's (or the first argument's) and how many arguments there are. */
  result: (receiver: CelType | undefined, arity: number) => CelType;
  /** The runtime call, given the compiled receiver and arguments. */
  runtime: string;
  /** A conversion: the argument types it is implemented for, and why the others the API server has are not. */
  converts?: Conversion;
}

export interface Conversion {
  /** The types of argument implemented ("dyn": whatever it is at run time). */
  from: CelType["kind"][];
  /** The types of argument the API server also accepts, which the compiler refuses for `reason`. */
  refused: CelType["kind"][];
  reason: string;
}

const conversion = (result: CelType, runtime: string, converts: Conversion): CelFunction => ({ member: false, arities: [1], result: () => result, runtime, converts });
const NO_PARSE_FLOAT = "Go's correctly rounded parsing of a string to a double is not implemented";
const NO_FORMAT_FLOAT = "Go's formatting of a double is not implemented";

const onString = (arities: number[], result: CelType, runtime: string, args: CelType["kind"][] = []): CelFunction => ({ member: true, arities, receiver: "string", args, result: () => result, runtime });
const elementOf = (t: CelType | undefined): CelType => (t?.kind === "list" ? t.elem : DYN);
const sameList = (t: CelType | undefined): CelType => (t?.kind === "list" ? t : listOf(DYN));
const onList = (runtime: string, result: (t: CelType | undefined) => CelType): CelFunction => ({ member: true, arities: [0], receiver: "list", result, runtime });

export const FUNCTIONS: Record<string, CelFunction[]> = {
  size: [
    { member: false, arities: [1], result: () => INT, runtime: "cel.size" },
    { member: true, arities: [0], result: () => INT, runtime: "cel.size" },
  ],
  startsWith: [onString([1], BOOL, "cel.startsWith", ["string"])],
  endsWith: [onString([1], BOOL, "cel.endsWith", ["string"])],
  contains: [onString([1], BOOL, "cel.contains", ["string"])],
  lowerAscii: [onString([0], STRING, "cel.lowerAscii")],
  upperAscii: [onString([0], STRING, "cel.upperAscii")],
  trim: [onString([0], STRING, "cel.trim")],
  substring: [onString([1, 2], STRING, "cel.substring", ["int", "int"])],
  split: [onString([1, 2], listOf(STRING), "cel.split", ["string", "int"])],
  replace: [onString([2, 3], STRING, "cel.replace", ["string", "string", "int"])],
  join: [{ member: true, arities: [0, 1], receiver: "list", args: ["string"], result: () => STRING, runtime: "cel.join" }],
  // indexOf is a string function and a lists function: the receiver decides at run time.
  indexOf: [{ member: true, arities: [1, 2], result: () => INT, runtime: "cel.indexOfAny" }],
  lastIndexOf: [{ member: true, arities: [1, 2], result: () => INT, runtime: "cel.lastIndexOfAny" }],
  charAt: [onString([1], STRING, "cel.charAt", ["int"])],
  isSorted: [onList("cel.isSorted", () => BOOL)],
  sum: [onList("cel.sum", elementOf)],
  min: [onList("cel.listMin", elementOf)],
  max: [onList("cel.listMax", elementOf)],
  // The lists extension (version 3).
  slice: [{ member: true, arities: [2], receiver: "list", args: ["int", "int"], result: sameList, runtime: "cel.slice" }],
  flatten: [{ member: true, arities: [0, 1], receiver: "list", args: ["int"], result: (t, arity) => (arity === 0 && t?.kind === "list" && t.elem.kind === "list" ? t.elem : listOf(DYN)), runtime: "cel.flatten" }],
  distinct: [onList("cel.distinct", sameList)],
  reverse: [onList("cel.reverse", sameList)],
  sort: [onList("cel.sort", sameList)],
  dyn: [{ member: false, arities: [1], result: () => DYN, runtime: "" }],
  // Conversions: string() of a value that could be a double, and double() of one that could be a
  // string, are refused, so their argument's type must be known.
  string: [conversion(STRING, "cel.toStringValue", { from: ["int", "string", "bool"], refused: ["dyn", "double", "uint", "bytes", "timestamp"], reason: NO_FORMAT_FLOAT })],
  int: [conversion(INT, "cel.toInt", { from: ["int", "double", "string", "dyn"], refused: ["uint", "timestamp"], reason: "uint and timestamps are not implemented" })],
  double: [conversion(DOUBLE, "cel.toDouble", { from: ["int", "double"], refused: ["dyn", "string", "uint"], reason: NO_PARSE_FLOAT })],
  bool: [conversion(BOOL, "cel.toBool", { from: ["bool", "string", "dyn"], refused: [], reason: "" })],
};

/** Functions Kubernetes has that the compiler does not, and why. */
export const REFUSED_FUNCTIONS: Record<string, string> = {
  matches: "regular expressions (RE2) are not implemented",
  find: "regular expressions (RE2) are not implemented",
  findAll: "regular expressions (RE2) are not implemented",
  quantity: "the quantity library is not implemented",
  isQuantity: "the quantity library is not implemented",
  url: "the URL library is not implemented",
  isURL: "the URL library is not implemented",
  ip: "the IP library is not implemented",
  isIP: "the IP library is not implemented",
  cidr: "the CIDR library is not implemented",
  isCIDR: "the CIDR library is not implemented",
  semver: "the semver library is not implemented",
  isSemver: "the semver library is not implemented",
  format: "string formatting is not implemented",
  quote: "strings.quote is not implemented",
  sortBy: "the lists extension's sortBy is not implemented",
  uint: "uint is not implemented",
  bytes: "bytes are not implemented",
  type: "type values are not implemented",
  duration: "durations are not implemented",
  timestamp: "timestamps are not implemented",
  optional: "optional types are not implemented",
};
