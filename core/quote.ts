/** How an error quotes text it did not write — a key, a field of a data file — so a message stays short and never carries a whole line of someone's file. */

/** `text`, or its first `max` characters and how long it was. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** A field of a file as an error may quote it: at most 24 characters, control and non-ASCII characters shown as `?`. */
export function excerpt(text: string): string {
  return clip(text.replace(/[^\x20-\x7e]/g, '?'), 24);
}
