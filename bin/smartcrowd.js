#!/usr/bin/env node
// `npx smartcrowd …`: runs the CLI bundle dist/cli.mjs when it is fresh (bin/bundle.mjs), otherwise
// the TypeScript sources through tsx, so it works without a build step and never runs stale code.
// SMARTCROWD_NO_BUNDLE=1 forces the sources.
import { pathToFileURL } from 'node:url';
import { BUNDLE, bundleIsFresh } from './bundle.mjs';

if (!process.env.SMARTCROWD_NO_BUNDLE && bundleIsFresh()) {
  await import(pathToFileURL(BUNDLE).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
