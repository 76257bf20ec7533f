/**
 * The last resort of a trading session: an error that escaped every hook, task and await — a promise a
 * plugin never awaited, a throw from a timer — anywhere in the process. Without it Node would end the
 * process on the spot, leaving orders working at the broker unsupervised. With it trading halts at once
 * (`host.fault`), the session is stopped the normal way (open orders cancelled, journal closed, summary
 * printed), and the command exits non-zero, naming the code the error came from.
 */
import { fileURLToPath } from 'node:url';
import { messageOf } from '../domain/errors.js';
import type { FaultInfo } from '../host/events.js';
import type { Host } from '../host/host.js';

/** Code whose errors are named after it: a third-party plugin and the folder it was loaded from. */
export interface CodeOwner {
  readonly name: string;
  readonly dir: string;
}

export interface LastResort {
  /** Aborts when the first fault arrives, so the session stops as it would on a signal. */
  readonly signal: AbortSignal;
  /** Every fault caught, in order: one never hides another. */
  readonly faults: readonly FaultInfo[];
  /** Stops catching: after the session has stopped, Node's own handling applies again. */
  release(): void;
}

export function catchEscapes(host: Host, owners: readonly CodeOwner[], brokerKind: string): LastResort {
  const controller = new AbortController();
  const faults: FaultInfo[] = [];
  const caught = (kind: FaultInfo['kind']) => (error: unknown): void => {
    const fault: FaultInfo = { kind, owner: ownerOf(error, owners, brokerKind), message: messageOf(error) };
    faults.push(fault);
    // host.fault refuses new orders before its first await; the abort then stops the session.
    void host.fault(fault).finally(() => controller.abort());
  };
  const onRejection = caught('rejection');
  const onException = caught('exception');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    signal: controller.signal,
    faults,
    release: () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/**
 * Names the code an error came from by the files in its stack: the first frame inside a third-party
 * plugin's folder names that plugin; otherwise the broker adapter, the IB client library or a strategy
 * by where their files live; otherwise Robo itself. A value thrown without a stack cannot be placed.
 */
export function ownerOf(error: unknown, owners: readonly CodeOwner[], brokerKind: string): string {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : undefined;
  if (stack === undefined) return 'code that threw a non-Error value';
  const files = stack.split('\n').slice(1).map(frameFile).filter((file): file is string => file !== undefined);
  for (const file of files) {
    const owner = owners.find(({ dir }) => file.startsWith(`${dir}/`));
    if (owner !== undefined) return owner.name;
  }
  for (const file of files) {
    if (file.includes('/node_modules/@stoqey/ib/')) return 'the IB API client (@stoqey/ib)';
    if (file.includes('/core/brokers/')) return `the ${brokerKind} broker adapter`;
    if (file.includes('/strategies/')) return 'a strategy';
  }
  return 'Robo itself';
}

/** The file of one stack frame (`    at fn (file:///x/y.js:1:2)` or `    at /x/y.js:1:2`), as a path. */
function frameFile(line: string): string | undefined {
  const match = /(?:\(|at )((?:file:\/\/)?\/[^:)]+)(?::\d+){0,2}\)?\s*$/.exec(line.trim());
  const location = match?.[1];
  if (location === undefined) return undefined;
  try {
    return location.startsWith('file://') ? fileURLToPath(location) : location;
  } catch {
    return undefined;
  }
}
