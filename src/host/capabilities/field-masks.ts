// Kubewarden's field masks (policy-evaluator's callback_handler/kubernetes):
// a mask such as "status.phase" or "spec.containers.image" keeps only those
// paths of an object's data, arrays being transparent, while the object's
// identity stays: apiVersion and kind always, and metadata — whole on list
// items, which come from Kubewarden's reflector with managedFields emptied and
// the last-applied annotation dropped; name and uid on a single object.

type Json = Record<string, unknown>;

interface MaskNode {
  children: Map<string, MaskNode>;
}

function maskTree(masks: string[]): MaskNode {
  const root: MaskNode = { children: new Map() };
  for (const mask of masks) {
    let node = root;
    for (const part of mask.split(".")) {
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = { children: new Map() }));
      node = child;
    }
  }
  return root;
}

/** Keeps what `node` names; a leaf keeps everything below it. */
function prune(value: unknown, node: MaskNode): unknown {
  if (node.children.size === 0) return value;
  if (Array.isArray(value)) return value.map((item) => prune(item, node));
  if (typeof value !== "object" || value === null) return value;
  const out: Json = {};
  for (const [key, child] of node.children) {
    if (key in (value as Json)) out[key] = prune((value as Json)[key], child);
  }
  return out;
}

const IDENTITY = ["apiVersion", "kind", "metadata"];
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** The rest of the object, masked, after its identity fields. */
function maskData(object: Json, tree: MaskNode, metadata: unknown): Json {
  const data: Json = {};
  for (const [key, value] of Object.entries(object)) if (!IDENTITY.includes(key)) data[key] = value;
  const out: Json = {};
  if (object.apiVersion !== undefined) out.apiVersion = object.apiVersion;
  if (object.kind !== undefined) out.kind = object.kind;
  if (metadata !== undefined) out.metadata = metadata;
  return Object.assign(out, prune(data, tree));
}

/** A list item as Kubewarden's reflector keeps it. */
function listItem(item: unknown, tree: MaskNode): unknown {
  if (typeof item !== "object" || item === null) return item;
  const object = item as Json;
  const meta = (typeof object.metadata === "object" && object.metadata !== null ? object.metadata : {}) as Json;
  const annotations = { ...((meta.annotations as Json | undefined) ?? {}) };
  delete annotations[LAST_APPLIED];
  return maskData(object, tree, { ...meta, annotations, managedFields: [] });
}

/** One object read with get_resource: metadata keeps its name and uid, and what the masks name. */
function singleObject(object: unknown, tree: MaskNode): unknown {
  if (typeof object !== "object" || object === null) return object;
  const o = object as Json;
  const meta = (typeof o.metadata === "object" && o.metadata !== null ? o.metadata : undefined) as Json | undefined;
  const metaTree = tree.children.get("metadata");
  let metadata: Json | undefined;
  if (meta) {
    metadata = {};
    if (meta.name !== undefined) metadata.name = meta.name;
    if (meta.uid !== undefined) metadata.uid = meta.uid;
    if (metaTree) Object.assign(metadata, prune(meta, metaTree) as Json);
  }
  return maskData(o, tree, metadata);
}

/** Masks one object (get_resource), or every item of a List; no masks keeps everything. */
export function maskAnswer(answer: unknown, masks: string[] | null | undefined): unknown {
  if (!masks || masks.length === 0) return answer;
  const tree = maskTree(masks);
  const items = (answer as { items?: unknown })?.items;
  if (Array.isArray(items)) return { ...(answer as object), items: items.map((item) => listItem(item, tree)) };
  return singleObject(answer, tree);
}
