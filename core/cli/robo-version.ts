/**
 * This Robo's version, read from its own package.json, so `robo --version`, `robo plugins`, `robo init`
 * and `robo schema` can never disagree with what npm installed.
 */
import { readFileSync } from 'node:fs';

/** The package's own folder: dist/core/cli/ is three levels below it, in this checkout and when installed. */
export const PACKAGE_ROOT = new URL('../../../', import.meta.url);

export const ROBO_VERSION: string = (JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string }).version;
