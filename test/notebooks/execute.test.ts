import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeNotebook, notebookJson } from '../../notebooks/lib/build.ts';

const NB = join(import.meta.dirname, '../../notebooks');
const jupyterOk = spawnSync('jupyter', ['kernelspec', 'list'], { encoding: 'utf8' });
const hasTslab = jupyterOk.status === 0 && /\btslab\b/.test(jupyterOk.stdout);
const reason = 'notebook execution skipped: jupyter with the tslab kernel is not installed (CI installs it; see docs/notebooks.md)';

if (!hasTslab) {
  if (process.env.CI) throw new Error(`CI must execute the notebooks, but ${reason.replace('notebook execution skipped: ', '')}`);
  process.stderr.write(`\n${reason}\n\n`);
}

describe('research notebooks', () => {
  it('the committed notebooks are regenerated from notebooks/src (they never drift from their sources)', () => {
    for (const f of readdirSync(join(NB, 'src')).filter((x) => x.endsWith('.ts'))) {
      const name = f.replace(/\.ts$/, '');
      const committed = JSON.parse(readFileSync(join(NB, `${name}.ipynb`), 'utf8'));
      const fresh = JSON.parse(notebookJson(name, readFileSync(join(NB, 'src', f), 'utf8')));
      expect(committed.cells.map((c: { source: string[] }) => c.source), name).toEqual(fresh.cells.map((c: { source: string[] }) => c.source));
    }
  });

  it.skipIf(!hasTslab)('every notebook executes headless with the tslab kernel without an error output', () => {
    // Run fresh copies (with lib/ linked in) without touching the committed files.
    const dir = mkdtempSync(join(NB, '.run-'));
    try {
      symlinkSync(join(NB, 'lib'), join(dir, 'lib'));
      const names = readdirSync(join(NB, 'src')).filter((x) => x.endsWith('.ts')).map((x) => x.replace(/\.ts$/, ''));
      for (const name of names) {
        const path = join(dir, `${name}.ipynb`);
        writeFileSync(path, notebookJson(name, readFileSync(join(NB, 'src', `${name}.ts`), 'utf8')));
        const r = executeNotebook(path, 300);
        expect(r.status, `${name}: ${r.stderr.split('\n').slice(-15).join('\n')}`).toBe(0);
        const nb = JSON.parse(readFileSync(path, 'utf8'));
        const outputs = nb.cells.flatMap((c: { outputs?: { output_type: string; name?: string; text?: string[]; data?: Record<string, unknown> }[] }) => c.outputs ?? []);
        const errors = outputs.filter((o: { output_type: string; name?: string }) => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr'));
        expect(errors, name).toEqual([]);
        expect(outputs.some((o: { data?: Record<string, unknown> }) => o.data && 'image/svg+xml' in o.data), `${name} shows an SVG chart`).toBe(true);
      }
    } finally {
      spawnSync('rm', ['-rf', dir]);
    }
  }, 600_000);
});
