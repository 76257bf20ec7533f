/** Where state that cannot be read is kept once set aside: beside the original, stamped with the UTC time, never overwriting. */
import { existsSync } from 'node:fs';

export function asideName(file: string, nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  for (let n = 1; ; n++) {
    const candidate = `${file}.corrupt-${stamp}${n === 1 ? '' : `-${n}`}`;
    if (!existsSync(candidate)) return candidate;
  }
}
