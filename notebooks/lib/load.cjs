// Loads the project's ESM TypeScript modules into a tslab kernel (which runs cells as CommonJS):
// registers tsx's ESM hooks once, then does a real dynamic import. Usage in a notebook cell:
//   const sc = await require('./lib/load.cjs')('notebooks/lib/workbench.ts');
// Under Deno's Jupyter kernel use `const sc = await import('./lib/workbench.ts');` instead.
const path = require('node:path');
const { pathToFileURL } = require('node:url');
let registered = false;
module.exports = async function load(fromRepoRoot) {
  if (!registered) {
    // The ESM build of tsx's API (its CommonJS build mis-resolves its own hooks when required).
    const { register } = await import('tsx/esm/api');
    register();
    registered = true;
  }
  return import(pathToFileURL(path.resolve(__dirname, '..', '..', fromRepoRoot)).href);
};
