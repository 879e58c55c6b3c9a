// The generated part of the VAP conformance corpus: one ValidatingAdmissionPolicy per part of
// Kubernetes' CEL (operators and macros, the strings, lists, regex, quantity, IP and CIDR, URL,
// semver, sets and optional libraries, conversions), each validation testing one function on
// one key of a ConfigMap's data (`$v` below), guarded so that a ConfigMap without the key
// passes it. Each value becomes a ConfigMap of its own: values are chosen so that each check
// passes, fails and, where the function can, fails at run time. A policy is refused by the
// compiler as a whole, so a library it does not support costs only that library's cases.
import type { KubernetesObject } from "../../src/kubewarden/kubernetes-object.ts";
import { BINDING_KIND, VAP_KIND, ADMISSION_REGISTRATION_V1 } from "../../src/vap/vap-objects.ts";
import type { CorpusEntry } from "./vap-corpus.ts";

interface Check {
  /** CEL over `$v`, the key's string value. */
  expression: string;
  values: string[];
  message?: string;
  messageExpression?: string;
  reason?: string;
}

const PROBE = { expression: "!has(object.data.probe)", values: [], message: "probe" };

export const GENERATED: Record<string, Check[]> = {
  operators: [
    { expression: "$v.size() * 2 + 1 - 3 > 4 && $v.size() / 2 < 4 && $v.size() % 3 != 1", values: ["abc", "abcdef", "abcdefgh", "abcd"] },
    { expression: "$v < 'm' && $v != 'apple'", values: ["banana", "zebra", "apple", "m"], message: "must sort before m" },
    { expression: "($v.size() > 3 ? 'long' : 'short') == 'short'", values: ["ab", "abcdef"], reason: "Forbidden" },
    { expression: "$v in ['red', 'green']", values: ["red", "blue"], messageExpression: "'colour ' + object.data.k3 + ' is not allowed'" },
    { expression: "(['a'] + $v.split(','))[1] == 'x'", values: ["x,y", "y", ""] },
    { expression: "$v.split(',')[2] == 'z'", values: ["a,b,z", "a,b,c", "a"] },
    { expression: "$v == 'a' || $v.split(',')[5] == 'x'", values: ["a", "b"] },
    { expression: "$v.split(',')[5] == 'x' && $v == 'a'", values: ["a", "b"] },
    { expression: "'pre-' + $v == 'pre-fix'", values: ["fix", "fox"], reason: "Invalid" },
    { expression: "$v.split(',') == ['a', 'b'] && $v.split(',') != ['b', 'a']", values: ["a,b", "b,a"], reason: "RequestEntityTooLarge" },
    { expression: "dyn($v) == 'dyn' || dyn($v).size() > 3", values: ["dyn", "dynamic", "d"] },
    { expression: "string($v.size()) + '!' == '3!' || string($v == 'x') == 'true' || string('s') == $v", values: ["abc", "x", "s", "ab"], messageExpression: "'size ' + string(object.data.k11.size())" },
    { expression: "!$v.startsWith('-') && !(has(object.metadata.labels) && 'deny' in object.metadata.labels)", values: ["ok", "-no"] },
    { expression: "$v.size() == 3 ? $v != 'bad' : $v.size() < 6", values: ["bad", "good", "verylong", "ab"] },
  ],
  strings: [
    { expression: "$v.startsWith('app-') && $v.endsWith('-v1')", values: ["app-web-v1", "web-v1", "app-web"] },
    { expression: "$v.contains('prod')", values: ["my-prod-db", "staging"], messageExpression: "'no prod in ' + object.data.k1" },
    { expression: "$v.lowerAscii() == 'hello' && $v.upperAscii() == 'HELLO'", values: ["HeLLo", "Hallo", "HÉLLO"] },
    { expression: "$v.trim() == 'x'", values: ["  x  ", "x", " y "] },
    { expression: "$v.substring(1) == 'bc' && $v.substring(0, 1) == 'a'", values: ["abc", "xbc", "abcd"] },
    { expression: "$v.substring(4) == ''", values: ["abcd", "ab", "abcde"] },
    { expression: "$v.split('.').size() == 3 && $v.split('.', 2)[1] == 'b.c'", values: ["a.b.c", "a.b", "a.b.c.d"] },
    { expression: "$v.replace('-', '_') == 'a_b_c' && $v.replace('-', '', 1) == 'ab-c'", values: ["a-b-c", "a_b_c", "a-b"] },
    { expression: "$v.split(',').join('+') == 'x+y' && $v.split(',').join() == 'xy'", values: ["x,y", "y,x"] },
    { expression: "$v.indexOf('b') == 1 && $v.indexOf('b', 2) == 4", values: ["abcab", "bbbbb", "aaaaa"] },
    { expression: "$v.size() <= 5", values: ["héllo", "héllos", "日本語"] },
  ],
  lists: [
    { expression: "$v.split(',').all(s, s.size() <= 3)", values: ["a,bb,ccc", "a,bbbb"], message: "each part at most 3 long" },
    { expression: "$v.split(',').exists(s, s == 'admin')", values: ["x,admin", "x,y"] },
    { expression: "$v.split(',').exists_one(s, s.startsWith('p'))", values: ["p1,q", "p1,p2", "q"] },
    { expression: "$v.split(',').map(s, s.size()).sum() <= 6", values: ["ab,cd", "abcd,efg"] },
    { expression: "$v.split(',').filter(s, s != '').size() == 2", values: ["a,,b", "a,b,c", ","] },
    { expression: "$v.split(',').map(s, s.size()).isSorted()", values: ["a,bb,ccc", "ccc,a"] },
    { expression: "$v.split(',').map(s, s.size()).min() >= 2 && $v.split(',').map(s, s.size()).max() <= 4", values: ["ab,abcd", "a,abc", "ab,abcde"] },
    { expression: "$v.split(',').indexOf('b') == 1", values: ["a,b", "b,a", "a"] },
    { expression: "$v.split(',').map(s, s.startsWith('x'), s.size()).all(n, n < 3)", values: ["x1,yyyy", "xyzw"] },
    { expression: "$v.split(',').all(s, s in ['a', 'b']) && !$v.split(',').exists(s, s == '')", values: ["a,b", "a,c", "a,"] },
    { expression: "has(object.metadata.labels) && object.metadata.labels.all(k, k.startsWith('team'))", values: ["x"] },
  ],
  "map-literals": [
    { expression: "$v in {'x': 1, 'y': 2} && {'x': 1, 'y': 2}[$v] >= 2", values: ["y", "x", "z"] },
    { expression: "{'a': [1], 'b': [2, 3]}[$v].size() == 2 && {$v + '': 'k', 'x': 'y'}.size() == 2", values: ["b", "a", "x", "c"] },
    { expression: "{'a': 1, 'a': 2}['a'] == 2 && {}.size() == 0 && size({'k': $v}) == 1", values: ["v"] },
    { expression: "{'k': $v} == {'k': 'same'} && {'k': $v} != {'j': 'same'} && {'k': [$v]} == {'k': ['same']}", values: ["same", "other"] },
    { expression: "{'k': $v.split(',')[3]}.size() == 1", values: ["a,b,c,d", "a"] },
    { expression: "{'k': 1, 'j': 2}.all(k, k.size() == 1) && $v.split(',') == ['a', 'b'] && [['x']] == [[$v]]", values: ["a,b", "x"] },
  ],
  conversions: [
    { expression: "int($v) <= 10", values: ["5", "11", "x", "+7", "-9223372036854775808", "9223372036854775808", " 5", "", "1_0", "0x1"] },
    { expression: "string($v.size()) == '3'", values: ["abc", "ab"] },
    { expression: "int(double($v.size()) * 1.9) == 3 && int(-2.9) == -2 && double(3) == 3.0 && double(2.5) == 2.5", values: ["ab", "abc"] },
    { expression: "int(double($v.size()) * 1e19) == 0", values: ["", "a"] },
    { expression: "int(-9.2e18 * double($v.size())) < 0", values: ["a", "ab"] },
    { expression: "bool($v)", values: ["true", "false", "maybe", "T", "0", "1", "False", "TRUE", "tRUE", ""] },
    { expression: "int(dyn($v.size())) == 2 && bool(dyn($v.size() == 2))", values: ["ab", "abc"] },
    { expression: "int(dyn([$v])) == 1", values: ["x"] },
    { expression: "bool(dyn($v.size()))", values: ["x"] },
    { expression: "int(object.metadata) == 1", values: ["x"] },
  ],
  "conversions-unimplemented": [
    { expression: "double($v) < 1.5", values: ["1.2", "2.5"] },
    { expression: "type($v) == string", values: ["x"] },
  ],
  regex: [
    { expression: "$v.matches('^[a-z]+-[0-9]+$')", values: ["web-1", "Web-1", "web"] },
    { expression: "$v.find('[0-9]+') == '42'", values: ["abc42def", "abc7"] },
    { expression: "$v.findAll('[0-9]').size() == 2", values: ["a1b2", "a1"] },
  ],
  "more-strings": [
    { expression: "$v.lastIndexOf('a') == 3", values: ["abca", "aaaa", "", "b"] },
    { expression: "$v.lastIndexOf('ab', 2) == 0 && $v.lastIndexOf('') == 3", values: ["abc", "abab", "ab"] },
    { expression: "$v.lastIndexOf('x', -1) == 0", values: ["x"] },
    { expression: "$v.lastIndexOf('', 7) == 7 && $v.lastIndexOf('日') == 1", values: ["a日b", "日"] },
    { expression: "$v.charAt(1) == 'b'", values: ["abc", "aac", "a", "日b", ""] },
    { expression: "$v.charAt(-1) == ''", values: ["x"] },
    { expression: "dyn($v.size()).lastIndexOf('a') == 0", values: ["x"] },
    { expression: "$v.split(',').lastIndexOf('a') == 2", values: ["a,b,a", "a,b"] },
  ],
  // Kubernetes refuses list and map literals whose elements' types differ, dyn from string too.
  "mixed-literals": [
    { expression: "[$v, 'x'].size() == 2 && {'a': $v, 'b': 'x'}.size() == 2", values: ["a"] },
  ],
  "string-format": [
    { expression: "'%s!'.format([$v]) == 'hi!'", values: ["hi", "ho"] },
  ],
  "more-lists": [
    { expression: "$v.split(',').slice(1, 2) == ['b']", values: ["a,b,c", "b,a", "a"] },
    { expression: "$v.split(',').slice(2, 1).size() == 0", values: ["a,b,c"] },
    { expression: "$v.split(',').slice(-1, 1).size() == 0", values: ["a,b,c"] },
    { expression: "$v.split(',').distinct().size() == 2 && [dyn(1), dyn(1.0), dyn(2)].distinct().size() == 2", values: ["a,a,b", "a,b,c", "b,b"] },
    { expression: "$v.split(',').sort() == ['a', 'b']", values: ["b,a", "a,c", "a,b"] },
    { expression: "$v.split(',').map(s, s.size()).sort()[0] == 1 && $v.split(',').reverse()[0] == 'c'", values: ["aa,c", "b,c,a"] },
    { expression: "[$v.split(','), ['z']].flatten() == ['a', 'b', 'z'] && [[[$v]]].flatten(2) == [$v] && [[$v]].flatten(0).size() == 1", values: ["a,b", "c"] },
    { expression: "$v.split(',').flatten(-1).size() == 0", values: ["a"] },
    { expression: "[dyn(1), dyn('a')].sort().size() == 2", values: ["x"] },
    { expression: "[dyn([1]), dyn(2)].sort().size() == 2", values: ["x"] },
    { expression: "dyn($v).sort().size() == 1", values: ["x"] },
    { expression: "dyn($v).reverse().size() == 1", values: ["x"] },
    { expression: "dyn($v).distinct().size() == 1", values: ["x"] },
    { expression: "dyn($v).slice(0, 1).size() == 1", values: ["x"] },
    { expression: "dyn($v).flatten().size() == 1", values: ["x"] },
    { expression: "dyn($v.size()).sort().size() == 1", values: ["x"] },
    { expression: "dyn(object.metadata).sort().size() == 1", values: ["x"] },
    { expression: "dyn($v.size()).distinct().size() == 1", values: ["x"] },
    { expression: "dyn($v == 'x').distinct().size() == 1", values: ["x"] },
    { expression: "dyn(object.metadata).distinct().size() == 1", values: ["x"] },
  ],
  quantity: [
    { expression: "quantity($v).compareTo(quantity('1Gi')) <= 0", values: ["512Mi", "2Gi", "lots"] },
    { expression: "isQuantity($v) && quantity($v).isInteger()", values: ["3", "1.5", "x"] },
  ],
  network: [
    { expression: "isIP($v) && ip($v).family() == 4", values: ["10.0.0.1", "::1", "nope"] },
    { expression: "cidr('10.0.0.0/8').containsIP($v)", values: ["10.1.2.3", "192.168.0.1"] },
    { expression: "isURL($v) && url($v).getScheme() == 'https'", values: ["https://example.com/x", "http://example.com", "::"] },
  ],
  semver: [
    { expression: "isSemver($v) && semver($v).isGreaterThan(semver('1.2.0'))", values: ["1.3.0", "1.1.9", "one"] },
  ],
  sets: [
    { expression: "sets.contains(['a', 'b', 'c'], $v.split(','))", values: ["a,b", "a,d"] },
    { expression: "sets.intersects($v.split(','), ['x'])", values: ["x,y", "y"] },
  ],
  optional: [
    { expression: "object.data[?'k0'].orValue('none') != 'bad'", values: ["bad", "good"] },
    { expression: "optional.of($v).hasValue() && object.?metadata.?labels.?team.orValue('') == ''", values: ["x"] },
  ],
};

const key = (i: number) => `k${i}`;

function validation(check: Check | typeof PROBE, i: number): Record<string, unknown> {
  const value = `object.data.${key(i)}`;
  const expression = check === PROBE ? PROBE.expression : `!has(${value}) || (${check.expression.replaceAll("$v", value)})`;
  const { message, messageExpression, reason } = check as Check;
  return { expression, ...(message ? { message } : {}), ...(messageExpression ? { messageExpression } : {}), ...(reason ? { reason } : {}) };
}

const configMap = (name: string, data: Record<string, string>, labels?: Record<string, string>): KubernetesObject =>
  ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...(labels ? { labels } : {}) }, data });

/** One corpus entry per part of CEL, in memory, placed as a corpus file is. */
export function generatedCorpus(): CorpusEntry[] {
  return Object.entries(GENERATED).map(([part, checks]) => {
    const name = `cel-${part}`, namespace = `vap-gen-${part}`;
    const vap = {
      apiVersion: ADMISSION_REGISTRATION_V1, kind: VAP_KIND, metadata: { name },
      spec: {
        matchConstraints: { resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["configmaps"], operations: ["CREATE", "UPDATE"], scope: "Namespaced" }] },
        validations: [validation(PROBE, -1), ...checks.map((check, i) => validation(check, i))],
      },
    };
    const binding = {
      apiVersion: ADMISSION_REGISTRATION_V1, kind: BINDING_KIND, metadata: { name },
      spec: { policyName: name, validationActions: ["Deny"], matchResources: { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } } } },
    };
    const steps = checks.flatMap((check, i) => check.values.map((value, j) => ({ create: configMap(`${key(i)}-${j}`, { [key(i)]: value }) })));
    // Labels for the checks that read them: one allowed, one denied.
    steps.push({ create: configMap("labelled-team", { other: "x" }, { "team-a": "x" }) }, { create: configMap("labelled-deny", { other: "x" }, { deny: "x" }) });
    // Without data at all, the probe's own check fails at run time, which the API server reports.
    steps.push({ create: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "no-data" } } });
    return {
      name, file: `generated ${part}`, namespace, probe: configMap("probe", { probe: "x" }), steps,
      inputs: {
        policies: [{ object: vap as never, source: `generated ${part} #1` }],
        bindings: [{ object: binding as never, source: `generated ${part} #2` }],
        others: [],
      },
    };
  });
}
