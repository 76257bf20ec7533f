/**
 * Writes `schemas/robo.config.schema.json` from `configSchema`, so editors with the YAML language
 * server complete and document the config exactly as the loader checks it (`npm run schema`).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configSchema } from './schema.js';

/** Where the committed copy lives, relative to the package root (npm runs scripts from there). */
export const SCHEMA_FILE = 'schemas/robo.config.schema.json';

/** The exact text of the committed schema file: two-space JSON and a trailing newline. */
export function renderConfigSchema(): string {
  return `${JSON.stringify(configSchema, null, 2)}\n`;
}

export async function writeConfigSchema(file: string = SCHEMA_FILE): Promise<string> {
  const target = resolve(file);
  await writeFile(target, renderConfigSchema(), 'utf8');
  return target;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const written = await writeConfigSchema(process.argv[2]);
  process.stdout.write(`wrote ${written}\n`);
}
