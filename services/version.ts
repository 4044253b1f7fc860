import { readFileSync } from 'node:fs';

/** The installed SmartCrowd version (package.json): `smartcrowd --version`, the OpenAPI document. */
export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
