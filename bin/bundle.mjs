// The CLI bundle: `npm run build` (run by postinstall) bundles cli/main.ts with esbuild into
// dist/cli.mjs, which starts in about half the time of loading the TypeScript sources through tsx.
// It is used only while it is fresh: newer than every source file it was built from, so an edited
// checkout never runs stale code (it falls back to the sources until the next build).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = join(ROOT, 'dist', 'cli.mjs');
export const SOURCE_DIRS = ['cli', 'contracts', 'domain', 'engine', 'ingest', 'rpc', 'services', 'store', 'datasets/generator'];
const SOURCE = /\.(ts|mts|mjs|js|sql|json)$/;

function newestUnder(dir, newest) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return newest;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = newestUnder(p, newest);
    else if (SOURCE.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Whether dist/cli.mjs exists and is newer than package.json and every source file (~5 ms). */
export function bundleIsFresh() {
  let built;
  try {
    built = statSync(BUNDLE).mtimeMs;
  } catch {
    return false;
  }
  let newest = statSync(join(ROOT, 'package.json')).mtimeMs;
  for (const d of SOURCE_DIRS) newest = newestUnder(join(ROOT, d), newest);
  return built >= newest;
}
