/** Where the compiled programs are: the benchmarks run the built JavaScript in dist/, never a TypeScript runtime. */
import { join, resolve } from 'node:path';

/** The repository root (this file is dist/bench/lib/paths.js once built). */
export const ROOT = resolve(import.meta.dirname, '../../..');
export const ROBO = join(ROOT, 'dist/core/cli/main.js');
export const WORKER = join(ROOT, 'dist/bench/worker.js');
export const EXAMPLE_CONFIG = join(ROOT, 'robo.config.yaml');
