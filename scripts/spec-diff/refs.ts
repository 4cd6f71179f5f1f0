/** A parsed OpenAPI document, read-only. */
export type Document = Record<string, unknown>;
export type Node = Record<string, unknown>;

export function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The name a local `$ref` gives its target (`#/components/schemas/Message` → `Message`). */
export function refName(ref: string): string {
  return decodePointerToken(ref.slice(ref.lastIndexOf("/") + 1));
}

/**
 * Follows `$ref`s (local JSON pointers only: vlmchat's spec is one file) until a node without one.
 * Returns the node and the last ref followed, if any.
 */
export function resolve(document: Document, value: unknown): { node: Node | undefined; ref?: string } {
  let node = value;
  let ref: string | undefined;
  for (let hops = 0; isNode(node) && typeof node.$ref === "string"; hops++) {
    if (hops > 32) throw new Error(`$ref chain too long at ${node.$ref}`);
    ref = node.$ref;
    node = pointer(document, ref);
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return isNode(node) ? { node, ...(ref ? { ref } : {}) } : { node: undefined };
}

function pointer(document: Document, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported, got ${ref}`);
  let node: unknown = document;
  for (const token of ref.slice(2).split("/")) {
    if (!isNode(node)) return undefined;
    node = node[decodePointerToken(token)];
  }
  return node;
}

function decodePointerToken(token: string): string {
  return decodeURIComponent(token).replaceAll("~1", "/").replaceAll("~0", "~");
}
