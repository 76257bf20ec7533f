/**
 * Text made safe for the one place it goes in the report's HTML: element content and attribute values,
 * or a JSON island in a <script> element. The config text and every name in the record are user input.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * JSON for `<script type="application/json">`: no `<`, `>` or `&` survives as itself, so neither `</script>`
 * nor `<!--` can end or confuse the element, and U+2028/U+2029 are escaped for older JavaScript parsers.
 * JSON.parse reads the \u escapes back to the same characters.
 */
export function jsonInScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
