/**
 * `npm run notebooks`: opens the notebooks in Jupyter (Lab or Notebook, whichever is installed)
 * with the tslab kernel on PATH, or says how to get there.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const NB_DIR = join(import.meta.dirname, '..');
const env = { ...process.env, PATH: `${join(NB_DIR, '..', 'node_modules', '.bin')}:${process.env.PATH}` };
const has = (args: string[]) => spawnSync('jupyter', args, { env, encoding: 'utf8' }).status === 0;

if (!has(['--version'])) {
  process.stderr.write(
    'Jupyter is not installed. On Debian/Ubuntu:\n' +
      '  sudo apt-get install -y jupyter-client jupyter-nbconvert python3-ipykernel jupyter-notebook\n' +
      '  PATH="$PWD/node_modules/.bin:$PATH" npx tslab install --python=/usr/bin/python3\n' +
      'then run `npm run notebooks` again, or open notebooks/*.ipynb in VS Code with the "TypeScript" (tslab) kernel.\n',
  );
  process.exit(1);
}
if (!/\btslab\b/.test(spawnSync('jupyter', ['kernelspec', 'list'], { env, encoding: 'utf8' }).stdout)) {
  spawnSync('tslab', ['install', '--python=/usr/bin/python3'], { env, stdio: 'inherit' });
}
const app = has(['lab', '--version']) ? 'lab' : has(['notebook', '--version']) ? 'notebook' : null;
if (!app) {
  process.stderr.write('Neither JupyterLab nor the classic Notebook is installed (apt-get install jupyter-notebook). The notebooks can still be executed headless with `npm run notebooks:build`.\n');
  process.exit(1);
}
spawn('jupyter', [app, '--notebook-dir', NB_DIR], { env, stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
