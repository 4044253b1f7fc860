// Loads the project's ESM TypeScript modules into a tslab kernel (which runs cells as CommonJS and
// cannot import them): registers tsx's ESM hooks once, then does a real dynamic import. The tslab
// notebooks are generated with it (notebooks/lib/ipynb.ts); a cell reads
//   const nb = await require('../lib/load.cjs')('../lib/notebook.ts');
// where the path is relative to the notebook's folder (the kernel's working directory), exactly as
// the source's `import * as nb from '../lib/notebook.ts'` (which the Deno set keeps as it is).
const path = require('node:path');
const { pathToFileURL } = require('node:url');
let registered = false;
module.exports = async function load(specifier) {
  if (!registered) {
    // The ESM build of tsx's API (its CommonJS build mis-resolves its own hooks when required).
    const { register } = await import('tsx/esm/api');
    register();
    registered = true;
  }
  return import(pathToFileURL(path.resolve(process.cwd(), specifier)).href);
};
