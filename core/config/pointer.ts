/** Reads data and schemas by the JSON pointers ajv reports, without trusting their shape. */

/** The schema object that holds the failing keyword: `#/properties/a/minimum` → the schema of `a`. */
export function schemaAt(root: unknown, schemaPath: string): unknown {
  // ajv writes schema paths as URI fragments: percent-encoded JSON pointers.
  const segments = schemaPath.replace(/^#\/?/, '').split('/').filter((s) => s !== '').map((s) => unescapePointer(decodeFragment(s)));
  let node: unknown = root;
  for (const segment of segments.slice(0, -1)) node = schemaField(node, segment);
  return node;
}

/** A data JSON pointer (`/strategies/0`) as a path, with numbers where the data holds a list. */
export function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  let node: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = unescapePointer(raw);
    const step: string | number = Array.isArray(node) ? Number(segment) : segment;
    path.push(step);
    node = childOf(node, step);
  }
  return path;
}

export function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let node = data;
  for (const step of path) node = childOf(node, step);
  return node;
}

function childOf(node: unknown, step: string | number): unknown {
  if (Array.isArray(node)) return typeof step === 'number' ? node[step] : undefined;
  if (typeof node === 'object' && node !== null && Object.hasOwn(node, step)) return (node as Record<string | number, unknown>)[step];
  return undefined;
}

function decodeFragment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // Not percent-encoded after all; keep it as written.
    return segment;
  }
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function schemaField(node: unknown, key: string): unknown {
  if (Array.isArray(node)) return node[Number(key)];
  if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
  return (node as Record<string, unknown>)[key];
}

export function recordField(node: unknown, key: string): Record<string, unknown> | undefined {
  const value = schemaField(node, key);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function stringField(node: unknown, key: string): string | undefined {
  const value = schemaField(node, key);
  return typeof value === 'string' ? value : undefined;
}
