/**
 * Collects the distinct symbols of a bar CSV in order of first appearance, in one synchronous pass
 * that holds only one chunk and the symbol set, and checks what that pass can see: that the file can
 * be read and starts with the header.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { isRoboError } from '../../../domain/errors.js';
import { cannotRead, checkHeader, isIgnorable, noHeader, stripByteOrderMark, symbolField } from './csv-format.js';

const CHUNK_BYTES = 1 << 16;
// Same line ends as node:readline, so line numbers agree with the streaming pass.
const LINE_END = /\r\n|\n|\r/;

export function scanSymbols(path: string): readonly string[] {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw cannotRead(path, error);
  }
  try {
    return scan(path, fd);
  } catch (error) {
    throw isRoboError(error) ? error : cannotRead(path, error);
  } finally {
    closeSync(fd);
  }
}

function scan(path: string, fd: number): readonly string[] {
  const symbols = new Set<string>();
  const decoder = new StringDecoder('utf8');
  const chunk = Buffer.alloc(CHUNK_BYTES);
  let line = 0;
  let headerSeen = false;
  const take = (raw: string): void => {
    line++;
    const text = line === 1 ? stripByteOrderMark(raw) : raw;
    if (isIgnorable(text)) return;
    if (!headerSeen) {
      checkHeader(text, { path, line });
      headerSeen = true;
      return;
    }
    const symbol = symbolField(text);
    if (symbol !== undefined) symbols.add(symbol);
  };
  let carry = '';
  for (let bytes = readSync(fd, chunk); bytes > 0; bytes = readSync(fd, chunk)) {
    const text = carry + decoder.write(chunk.subarray(0, bytes));
    // A chunk may end between the \r and \n of one line end; keep the \r for the next chunk.
    const cut = text.endsWith('\r') ? text.length - 1 : text.length;
    const lines = text.slice(0, cut).split(LINE_END);
    carry = (lines.pop() ?? '') + text.slice(cut);
    for (const raw of lines) take(raw);
  }
  const rest = carry + decoder.end();
  if (rest !== '') take(rest);
  if (!headerSeen) throw noHeader(path, line);
  return [...symbols];
}
