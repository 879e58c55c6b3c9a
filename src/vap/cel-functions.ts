// The functions of Kubernetes' CEL the compiler supports: how each is called
// (as a method or a global, with how many arguments), the static type it
// gives, and the runtime function of the SDK's CEL runtime (sdk/assembly/cel) that answers it. A
// function not listed here is refused, with the reason when one is known.
import { BOOL, DYN, INT, STRING, listOf, type CelType } from "./cel-types.ts";

export interface CelFunction {
  /** Called as `receiver.name(args)` (true) or `name(args)` (false). */
  member: boolean;
  /** How many arguments (besides the receiver) it takes. */
  arities: number[];
  /** The receiver's type, when it must be one (checked when known). */
  receiver?: CelType["kind"];
  /** The arguments' types, in order (checked when known). */
  args?: CelType["kind"][];
  result: (receiver: CelType | undefined) => CelType;
  /** The runtime call, given the compiled receiver and arguments. */
  runtime: string;
}

const onString = (arities: number[], result: CelType, runtime: string, args: CelType["kind"][] = []): CelFunction => ({ member: true, arities, receiver: "string", args, result: () => result, runtime });
const elementOf = (t: CelType | undefined): CelType => (t?.kind === "list" ? t.elem : DYN);
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
  isSorted: [onList("cel.isSorted", () => BOOL)],
  sum: [onList("cel.sum", elementOf)],
  min: [onList("cel.listMin", elementOf)],
  max: [onList("cel.listMax", elementOf)],
  dyn: [{ member: false, arities: [1], result: () => DYN, runtime: "" }],
  // string() of an int, a string or a bool; a double's Go formatting is not implemented, so the
  // argument's type must be known (cel-codegen checks it).
  string: [{ member: false, arities: [1], result: () => STRING, runtime: "cel.toStringValue" }],
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
  lastIndexOf: "lastIndexOf is not implemented",
  charAt: "charAt is not implemented",
  format: "string formatting is not implemented",
  quote: "strings.quote is not implemented",
  reverse: "reverse is not implemented",
  int: "conversion to int is not implemented",
  uint: "uint is not implemented",
  double: "conversion to double is not implemented",
  bytes: "bytes are not implemented",
  bool: "conversion to bool is not implemented",
  type: "type values are not implemented",
  duration: "durations are not implemented",
  timestamp: "timestamps are not implemented",
  optional: "optional types are not implemented",
};
