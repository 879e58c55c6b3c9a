// A test module that answers questions about the SDK's JSON reader: each
// settings query runs against request.object and its answer becomes a warning.
import {
  definePolicy, ALL_OPERATIONS, SettingsReader, ValidationRequest, ValidationResponse, JsonValue, accept, setPath,
} from "@wardenkit/sdk";

function answer(object: JsonValue, query: string): string {
  const space = query.indexOf(" ");
  const verb = query.substring(0, space);
  let arg = query.substring(space + 1);
  if (verb == "set") {
    const eq = arg.indexOf("=");
    const result = setPath(object, arg.substring(0, eq).split("."), arg.substring(eq + 1));
    return result === null ? "<null>" : result!;
  }
  const value = arg == "." ? object : object.path(arg);
  if (verb == "type") return value.typeName;
  if (verb == "string") { const s = value.asString(); return s === null ? "<null>" : s!; }
  if (verb == "int") return value.isInteger ? value.intOr(0).toString() : "<not integer>";
  if (verb == "raw") return value.raw();
  if (verb == "bool") return value.isTrue ? "true" : value.isFalse ? "false" : "<not bool>";
  if (verb == "len") return value.length.toString();
  if (verb == "keys") {
    const members = value.members();
    const keys = new Array<string>();
    for (let i = 0; i < members.length; i++) keys.push(members[i].key);
    return keys.join(",");
  }
  if (verb == "at") { const parts = arg.split(":"); return object.path(parts[0]).at(I32.parseInt(parts[1])).raw(); }
  if (verb == "equals") { const parts = arg.split("=="); return object.path(parts[0]).equals(parts[1]) ? "yes" : "no"; }
  return "<unknown query " + query + ">";
}

/** The probe's settings: the queries, read without checks. */
class Queries {
  constructor(readonly list: JsonValue) {}
}

function parseSettings(reader: SettingsReader): Queries {
  reader.has("queries");
  return new Queries(reader.settings.get("queries"));
}

function validate(request: ValidationRequest, settings: Queries): ValidationResponse {
  const queries = settings.list.items();
  const response = accept();
  for (let i = 0; i < queries.length; i++) response.warn(answer(request.object, queries[i].stringOr("")));
  return response;
}

definePolicy<Queries>(parseSettings, validate, ALL_OPERATIONS);
export { __guest_call } from "@wardenkit/sdk";
