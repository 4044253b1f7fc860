/**
 * The smartcrowd CLI in a measured process, started the way bin/smartcrowd.js starts it (the
 * bundle dist/cli.mjs when fresh, else the sources through tsx): `node bench/cliChild.mjs ARGS…`
 * runs `smartcrowd ARGS…` and then prints one JSON line (last on stdout): { ms, maxRssMB, code },
 * where ms counts from process start (module loading and start-up included, as a user waits for it).
 */
import { pathToFileURL } from 'node:url';
import { BUNDLE, bundleIsFresh } from '../bin/bundle.mjs';

let cli;
if (!process.env.SMARTCROWD_NO_BUNDLE && bundleIsFresh()) cli = await import(pathToFileURL(BUNDLE).href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../cli/main.ts');
}
const code = await cli.main(process.argv.slice(2));
const line = `\n${JSON.stringify({ ms: performance.now(), maxRssMB: process.resourceUsage().maxRSS / 1024, code })}\n`;
// Writes to a pipe are asynchronous: exit once everything before this line is out.
process.stdout.write(line, () => process.exit(code));
