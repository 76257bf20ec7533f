/** How an error quotes text it did not write — a key, a field of a data file — so a message stays short and never carries a whole line of someone's file. */

/** `text`, or its first `max` characters and how long it was. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** A field of a file as an error may quote it: at most 24 characters, control and non-ASCII characters shown as `?`. */
export function excerpt(text: string): string {
  return clip(text.replace(/[^\x20-\x7e]/g, '?'), 24);
}

/** A value someone else's code handed over, described for "expected X, was Y": its kind, and a short excerpt of a string or number. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${excerpt(value)}"`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects and functions are described above; only primitives get here
  return `${typeof value} ${excerpt(String(value))}`;
}
