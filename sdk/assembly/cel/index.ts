// Kubernetes' CEL for ValidatingAdmissionPolicies compiled to AssemblyScript
// (wardenkit vap): the values, operators, functions and macros the generated
// code calls. docs/vap.md lists what is supported.
export { CelValue, CelKind, NULL, TRUE, FALSE, celBool, celInt, celDouble, celString, celList, celError, fromJson, listOf } from "./value";
export { eq, ne, lt, le, gt, ge } from "./compare";
export { add, sub, mul, div, mod, neg, not, and, or, conditionError } from "./arith";
export { select, has, index, isIn, size } from "./access";
export { startsWith, endsWith, contains, lowerAscii, upperAscii, trim, indexOf, substring, split, replace, join, toStringValue } from "./strings";
export { isSorted, sum, listMin, listMax, listIndexOf, listLastIndexOf, indexOfAny, setsContains, setsIntersects, setsEquivalent } from "./lists";
export { all, exists, existsOne, mapFilter, CelBody } from "./macros";
export { Activation, CelVariable } from "./activation";
export { CelValidation, CelAnnotation, CelPolicy, runPolicy, CODE_INVALID } from "./run";
