import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's folder (package.json, datasets/, the sources), found the same from here and from the CLI bundle dist/cli.mjs. */
export const PACKAGE_ROOT: string = dirname(fileURLToPath(new URL('../package.json', import.meta.url)));

/** The installed SmartCrowd version (package.json): `smartcrowd --version`, the OpenAPI document. */
export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
