/**
 * `npm run notebooks`: installs the tslab and Deno kernelspecs for this checkout (absolute paths,
 * see kernels.ts) and opens the notebooks in Jupyter (Lab or Notebook, whichever is installed),
 * or says how to get there.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { installUserKernels } from './kernels.ts';

const NB_DIR = join(import.meta.dirname, '..');
const has = (args: string[]) => spawnSync('jupyter', args, { encoding: 'utf8' }).status === 0;

if (!has(['--version'])) {
  process.stderr.write(
    'Jupyter is not installed. On Debian/Ubuntu:\n' +
      '  sudo apt-get install -y jupyter-client jupyter-nbconvert python3-ipykernel jupyter-notebook\n' +
      'then run `npm run notebooks` again, or open notebooks/tslab/*.ipynb or notebooks/deno/*.ipynb in VS Code\n' +
      'after `npm run notebooks:kernels`.\n',
  );
  process.exit(1);
}
for (const dir of installUserKernels()) process.stderr.write(`kernelspec ${dir}\n`);
const app = has(['lab', '--version']) ? 'lab' : has(['notebook', '--version']) ? 'notebook' : null;
if (!app) {
  process.stderr.write('Neither JupyterLab nor the classic Notebook is installed (apt-get install jupyter-notebook). The notebooks can still be executed headless: npm run notebooks:build, or npm run notebooks:run -- 02 -p \'grid={"minWallets":[2,5]}\'.\n');
  process.exit(1);
}
spawn('jupyter', [app, '--notebook-dir', NB_DIR], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
