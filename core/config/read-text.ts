/**
 * Reads a small text file a user named — the config, a rates file, a calendar additions file — the one
 * safe way: only a regular file, at most one byte past a cap (so a huge file or an endless device is
 * refused without being read), strict UTF-8, and never an echo of its content.
 */
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { fileProblem } from '../file-problem.js';
import { systemTreeOf } from '../system-trees.js';

export type TextRead =
  | { readonly ok: true; readonly text: string }
  /** `missing`, `unreadable` and `not-a-file` concern the path; `too-large` and `not-text` its content. */
  | { readonly ok: false; readonly problem: 'missing' | 'unreadable' | 'not-a-file' | 'too-large' | 'not-text'; readonly reason: string };

export async function readSmallText(absolute: string, maxBytes: number): Promise<TextRead> {
  let bytes: Buffer;
  try {
    // Non-blocking, so a FIFO opens at once (and is refused below) instead of waiting for a writer forever.
    const handle = await open(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return { ok: false, problem: 'not-a-file', reason: 'is not a regular file' };
      // /proc and /sys show "regular files" that are the kernel's view of a process: its environment, its memory.
      const tree = systemTreeOf(await realpath(absolute));
      if (tree !== undefined) return { ok: false, problem: 'not-a-file', reason: `is not a regular file (${tree} holds the kernel's files and devices)` };
      const buffer = Buffer.alloc(maxBytes + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        length += bytesRead;
        if (bytesRead === 0 || length === buffer.length) break;
      }
      bytes = buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (code === 'ENOENT') return { ok: false, problem: 'missing', reason: 'does not exist' };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, problem: 'unreadable', reason: 'cannot be read: permission denied' };
    if (code === 'EISDIR') return { ok: false, problem: 'not-a-file', reason: 'is a folder, not a file' };
    return { ok: false, problem: 'unreadable', reason: `cannot be read: ${fileProblem(error)}` };
  }
  if (bytes.length > maxBytes) return { ok: false, problem: 'too-large', reason: `is larger than ${maxBytes} bytes` };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, problem: 'not-text', reason: 'is not UTF-8 text' };
  }
}
