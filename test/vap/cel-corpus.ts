// Expressions and what Kubernetes' CEL gives for them on OBJECT (a CREATE by
// alice in namespace prod): true, false, or the error text cel-go reports.
export const OBJECT = {
  metadata: { name: "web", namespace: "prod", labels: { app: "web", tier: "front" } },
  spec: {
    replicas: 3,
    ratio: 0.5,
    containers: [{ name: "a", image: "nginx:1.25" }, { name: "b", image: "ghcr.io/x/y:2" }],
    nothing: null,
  },
};

export type Expected = boolean | { error: string };

export const CORPUS: [string, Expected][] = [
  // fields, has() and missing keys
  ["object.metadata.name == 'web'", true],
  ["object.metadata.missing == 'x'", { error: "no such key: missing" }],
  ["has(object.metadata.missing)", false],
  ["has(object.spec.nothing) && object.spec.nothing == null", true],
  ["object.metadata.labels['app'] == 'web'", true],
  ["object.metadata.labels['nope'] == 'x'", { error: "no such key: nope" }],
  ["object.spec.containers[5].name == 'x'", { error: "index '5' out of range in list size '2'" }],
  ["oldObject == null", true],
  // && and || absorb errors in either order
  ["has(object.metadata.missing) && object.metadata.missing == 'x'", false],
  ["object.metadata.missing == 'x' && false", false],
  ["object.metadata.missing == 'x' || true", true],
  ["object.metadata.missing == 'x' || false", { error: "no such key: missing" }],
  ["object.metadata.missing == 'x' && object.metadata.other == 'y'", { error: "no such key: missing" }],
  ["object.metadata.missing ? true : false", { error: "no such key: missing" }],
  ["object.spec.replicas > 2 ? object.spec.ratio < 1.0 : false", true],
  ["!(object.spec.replicas > 5)", true],
  // numbers: int64 overflow, division, no implicit int/double arithmetic, cross-type comparison
  ["object.spec.replicas * 4611686018427387904 > 0", { error: "integer overflow" }],
  ["-9223372036854775808 - object.spec.replicas < 0", { error: "integer overflow" }],
  ["9223372036854775807 + 1 > 0", { error: "integer overflow" }],
  ["object.spec.replicas / 0 == 1", { error: "division by zero" }],
  ["object.spec.replicas % 0 == 1", { error: "modulus by zero" }],
  ["object.spec.replicas / 2 == 1", true],
  ["object.spec.replicas + object.spec.ratio > 0.0", { error: "no such overload" }],
  ["object.spec.replicas == 3.0", true],
  ["object.spec.replicas < 3.5", true],
  ["object.spec.ratio == 0.5", true],
  ["object.spec.replicas == '3'", false],
  ["'abc' < 'abd' && true > false", true],
  // membership and size
  ["'app' in object.metadata.labels", true],
  ["'nginx' in ['nginx', 'redis']", true],
  ["size(object.metadata.name) == 3 && 'héllo'.size() == 5", true],
  ["object.metadata.labels.size() == 2", true],
  // macros
  ["object.spec.containers.all(c, c.image.startsWith('nginx'))", false],
  ["object.spec.containers.exists(c, c.image.startsWith('nginx'))", true],
  ["object.spec.containers.exists_one(c, c.name == 'a')", true],
  ["object.spec.containers.map(c, c.name) == ['a', 'b']", true],
  ["object.spec.containers.filter(c, c.name == 'b').size() == 1", true],
  ["object.spec.containers.map(c, c.name == 'b', c.image) == ['ghcr.io/x/y:2']", true],
  ["object.spec.containers.all(c, c.missing == 1)", { error: "no such key: missing" }],
  ["object.spec.containers.exists(c, c.missing == 1 || c.name == 'b')", true],
  ["object.spec.containers.all(c, c.missing == 1 && c.name == 'zz')", false],
  ["object.spec.containers.map(c, c.missing).size() == 2", { error: "no such key: missing" }],
  ["object.metadata.labels.all(k, k.size() > 2)", true],
  ["object.spec.replicas.all(x, x > 0)", { error: "got 'types.Int', expected iterable type" }],
  ["object.spec.containers.all(c, object.spec.containers.exists(d, d.name != c.name))", true],
  // strings
  ["'Hello'.lowerAscii() == 'hello' && 'Hello'.upperAscii() == 'HELLO'", true],
  ["object.metadata.name.endsWith('eb') && object.metadata.name.contains('e')", true],
  ["'a,b,c'.split(',') == ['a', 'b', 'c'] && 'a,b,c'.split(',', 2) == ['a', 'b,c']", true],
  ["['a', 'b'].join('-') == 'a-b' && ['a', 'b'].join() == 'ab'", true],
  ["'hello'.indexOf('l') == 2 && 'hello'.indexOf('l', 3) == 3 && 'hello'.indexOf('x') == -1", true],
  ["'hello'.indexOf('l', -1) == 0", { error: "index out of range: -1" }],
  ["'hello'.replace('l', 'L') == 'heLLo' && 'hello'.replace('l', 'L', 1) == 'heLlo'", true],
  ["'  hi \\t'.trim() == 'hi'", true],
  ["'hello'.substring(1, 3) == 'el' && 'hello'.substring(3) == 'lo'", true],
  ["'hello'.substring(4, 2) == ''", { error: "invalid substring range. start: 4, end: 2" }],
  ["'hello'.substring(9) == ''", { error: "index out of range: 9" }],
  ["object.spec.replicas.startsWith('a')", { error: "no such overload: startsWith(int, string)" }],
  // Kubernetes' lists library
  ["[1, 2, 3].isSorted() && ![3, 1, 2].isSorted()", true],
  ["[1, 2, 3].sum() == 6 && [3, 1, 2].min() == 1 && [3, 1, 2].max() == 3", true],
  ["[1, 2, 3].indexOf(2) == 1 && ['a'].indexOf('b') == -1", true],
  ["object.spec.containers.map(c, c.name).filter(n, n == 'z').min() == 'a'", { error: "min called on empty list" }],
  // request
  ["request.operation == 'CREATE' && request.userInfo.username == 'alice'", true],
  ["request.namespace == 'prod' && request.kind.kind == 'Deployment' && request.requestKind.group == 'apps'", true],
  ["'system:authenticated' in request.userInfo.groups && !request.dryRun", true],
  ["request.subResource == ''", { error: "no such key: subResource" }],
];
