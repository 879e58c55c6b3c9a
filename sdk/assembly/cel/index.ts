// Kubernetes' CEL for ValidatingAdmissionPolicies compiled to AssemblyScript
// (wardenkit vap): the values, operators, functions and macros the generated
// code calls. docs/vap.md lists what is supported.
export { CelValue, CelKind, NULL, TRUE, FALSE, celBool, celInt, celDouble, celString, celList, celError, fromJson, listOf, mapOf } from "./value";
export { toInt, toDouble, toBool } from "./convert";
export { eq, ne, lt, le, gt, ge } from "./compare";
export { add, sub, mul, div, mod, neg, not, and, or, conditionError } from "./arith";
export { select, has, index, isIn, size } from "./access";
export { startsWith, endsWith, contains, lowerAscii, upperAscii, trim, indexOf, lastIndexOf, charAt, substring, split, replace, join, toStringValue } from "./strings";
export { isSorted, sum, listMin, listMax, listIndexOf, listLastIndexOf, indexOfAny, lastIndexOfAny, setsContains, setsIntersects, setsEquivalent } from "./lists";
export { slice, flatten, distinct, reverse, sort } from "./lists-ext";
export { all, exists, existsOne, mapFilter, CelBody } from "./macros";
export { Activation, CelVariable } from "./activation";
export { CelValidation, CelAnnotation, CelPolicy, runPolicy, CODE_INVALID } from "./run";
