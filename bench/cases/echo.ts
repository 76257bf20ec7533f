/**
 * The baseline for tick to order: a plain TCP echo over loopback. The server runs in its own process
 * (as TWS does), Nagle is off on both ends, and one sample is a 64-byte message there and back.
 */
import { spawn } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { measure } from '../lib/measure.js';
import { WORKER } from '../lib/paths.js';

const MESSAGE = Buffer.alloc(64, 0x61);

/** The server side, run by the worker: prints `{ "port": n }`, echoes until its stdin closes. */
export async function serveEcho(): Promise<undefined> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the echo server has no TCP port');
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
  process.stdin.resume();
  await once(process.stdin, 'end');
  for (const socket of sockets) socket.destroy();
  server.close();
  return undefined;
}

/**
 * Round-trip microseconds (p50, p99) against an echo server in a child process. With `gapMs`, both
 * processes sit idle that long before each round trip (outside the timed region), as they do between
 * the bars of the tick-to-order case: what waking up costs on this machine, without any of Robo.
 */
export async function measureEcho(options: { readonly warmup: number; readonly samples: number; readonly gapMs?: number }): Promise<{ p50: number; p99: number }> {
  const child = spawn(process.execPath, [WORKER, JSON.stringify({ kind: 'echo-server' })], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const line = out.split('\n')[0];
        if (out.includes('\n') && line) {
          const parsed = JSON.parse(line) as { port?: number; error?: string };
          if (parsed.port) resolve(parsed.port);
          else reject(new Error(`the echo server failed: ${parsed.error ?? line}`));
        }
      });
      child.once('exit', (code) => reject(new Error(`the echo server exited with ${String(code)}`)));
    });
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    await once(socket, 'connect');
    let expected = 0;
    let done: (() => void) | undefined;
    socket.on('data', (chunk: Buffer) => {
      expected -= chunk.length;
      if (expected <= 0) done?.();
    });
    const roundTrip = (): Promise<void> => new Promise<void>((resolve) => {
      expected = MESSAGE.length;
      done = resolve;
      socket.write(MESSAGE);
    });
    const gapMs = options.gapMs ?? 0;
    const latency = await measure('tcp echo', roundTrip, {
      iterations: options.samples,
      warmup: options.warmup,
      ...(gapMs > 0 ? { beforeEach: () => new Promise<void>((resolve) => setTimeout(resolve, gapMs)) } : {}),
    });
    socket.destroy();
    return { p50: latency.p50 * 1000, p99: latency.p99 * 1000 };
  } finally {
    child.stdin.end();
    if (child.exitCode === null) await once(child, 'exit');
  }
}
