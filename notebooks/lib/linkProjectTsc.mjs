#!/usr/bin/env node
// postinstall: makes `npx tsc` (node_modules/.bin/tsc) the project's pinned TypeScript.
// tslab depends on @tslab/typescript-for-tslab (TypeScript 5.0.4), which also declares a `tsc`
// bin; npm links the first bin it meets in path order, and `@tslab/…` sorts before `typescript`,
// so without this step `npx tsc` runs tslab's 5.0.4 (under which zod 4 and tRPC 11 types degrade
// to `any`). tslab itself only `require`s its package and is unaffected. Idempotent.
import { existsSync, lstatSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binDir = join(root, 'node_modules', '.bin');
const target = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (existsSync(target) && existsSync(binDir)) {
  const link = join(binDir, 'tsc');
  const want = relative(binDir, target);
  let current = null;
  try {
    current = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : 'a file';
  } catch {
    current = null;
  }
  if (current !== want) {
    if (current !== null) unlinkSync(link);
    symlinkSync(want, link);
    process.stderr.write(`node_modules/.bin/tsc -> ${want} (was ${current ?? 'missing'})\n`);
  }
}
