/**
 * This Robo's version, read from its own package.json, so `robo --version`, `robo plugins`, `robo init`
 * and `robo schema` can never disagree with what npm installed.
 */
import { existsSync, readFileSync } from 'node:fs';

/**
 * The package's own folder: the nearest one above this module with robo-trader's package.json — two
 * levels up from dist/core/ when built or installed, one from core/ when the sources run directly.
 */
export const PACKAGE_ROOT: URL = packageRoot(new URL('./', import.meta.url));

export const ROBO_VERSION: string = (JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string }).version;

function packageRoot(from: URL): URL {
  for (let dir = from; ; dir = new URL('../', dir)) {
    const manifest = new URL('package.json', dir);
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'robo-trader') return dir;
    if (dir.pathname === '/') throw new Error(`robo-trader's package.json is not above ${from.pathname}`);
  }
}
