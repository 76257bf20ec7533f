/**
 * The bytes a bar file's fast readers look at, and the two questions they ask of a range of bytes: is
 * this a blank, and does this range spell that name. UTF-8 keeps every ASCII byte out of multi-byte
 * characters, so these comparisons never look inside a character.
 */
export const BYTE = {
  TAB: 0x09,
  LF: 0x0a,
  CR: 0x0d,
  SPACE: 0x20,
  PLUS: 0x2b,
  COMMA: 0x2c,
  MINUS: 0x2d,
  POINT: 0x2e,
  ZERO: 0x30,
  NINE: 0x39,
  COLON: 0x3a,
  T: 0x54,
  Z: 0x5a,
} as const;

/** The spaces bar files hold between fields; any other white space is left to the general parser, which trims all of it. */
export function isBlank(code: number | undefined): boolean {
  return code === BYTE.SPACE || code === BYTE.TAB;
}

/** Whether bytes[from..to) are exactly `name`. */
export function spells(bytes: Uint8Array, from: number, to: number, name: Uint8Array): boolean {
  if (to - from !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (bytes[from + i] !== name[i]) return false;
  return true;
}
