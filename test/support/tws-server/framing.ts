/**
 * The TWS wire framing, server side: the client's unframed "API\0" greeting, then messages of a
 * big-endian u32 length and NUL-terminated UTF-8 fields, in both directions.
 */
export type Field = string | number | boolean;

const NUL = '\0';
const GREETING = Buffer.from(`API${NUL}`, 'latin1');

/** One framed message: the length counts the payload including its last NUL. */
export function frame(fields: readonly Field[]): Buffer {
  const payload = Buffer.from(fields.map(encodeField).join(NUL) + NUL, 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length);
  return Buffer.concat([header, payload]);
}

function encodeField(value: Field): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/**
 * Splits what the client sends into its greeting (the version range, for example "v100..193") and
 * then one field list per message; partial reads are kept until the rest arrives.
 */
export class FrameReader {
  #buffer = Buffer.alloc(0);
  #greeted = false;

  constructor(
    private readonly onGreeting: (versions: string) => void,
    private readonly onMessage: (fields: string[]) => void,
    private readonly onProtocolError: (message: string) => void,
  ) {}

  push(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    if (!this.#greeted) {
      if (this.#buffer.length < GREETING.length + 4) return;
      if (!this.#buffer.subarray(0, GREETING.length).equals(GREETING)) {
        this.onProtocolError(`expected the client to open with "API\\0", was ${JSON.stringify(this.#buffer.subarray(0, 4).toString('latin1'))}`);
        return;
      }
      const length = this.#buffer.readUInt32BE(GREETING.length);
      const start = GREETING.length + 4;
      if (this.#buffer.length < start + length) return;
      const versions = this.#buffer.subarray(start, start + length).toString('utf8');
      this.#buffer = this.#buffer.subarray(start + length);
      this.#greeted = true;
      this.onGreeting(versions);
    }
    while (this.#buffer.length >= 4) {
      const length = this.#buffer.readUInt32BE(0);
      if (this.#buffer.length < 4 + length) return;
      const payload = this.#buffer.subarray(4, 4 + length).toString('utf8');
      this.#buffer = this.#buffer.subarray(4 + length);
      if (!payload.endsWith(NUL)) {
        this.onProtocolError(`expected a message to end with NUL, was ${JSON.stringify(payload)}`);
        continue;
      }
      this.onMessage(payload.slice(0, -1).split(NUL));
    }
  }
}
