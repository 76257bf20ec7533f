/**
 * What went wrong with a file, from a Node file-system error, in words and without the path: Node puts
 * the full path in its messages, and a path built from the environment may hold a secret. Messages name
 * the file themselves, the way the config writes it.
 */
import { messageOf } from './domain/errors.js';

const KNOWN: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many files are open',
  EIO: 'an input/output error',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EFBIG: 'the file is too large for this system (a file size limit, ulimit -f, or the file system\'s own)',
  EDQUOT: 'the disk quota is used up',
};

/** Node's system errors (they carry `syscall` and the path) in words; any other error's own message, which names no path (SQLite's, say). */
export function fileProblem(error: unknown): string {
  const isSystemError = typeof error === 'object' && error !== null && 'syscall' in error && 'code' in error;
  if (!isSystemError) return messageOf(error);
  const code = String(error.code);
  return KNOWN[code] ?? `the system said ${code}`;
}
