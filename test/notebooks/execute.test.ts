import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KERNELS, injectParameters, kernelOf, notebookText, type Kernel, type Notebook, type NotebookCell } from '../../notebooks/lib/ipynb.ts';
import { executeNotebook, inParallel, inspectOutputs, jupyterStatus } from '../../notebooks/lib/execute.ts';
import { generated, sourceNames } from '../../notebooks/lib/cli.ts';

const NB = join(import.meta.dirname, '../../notebooks');
const jupyter = jupyterStatus();
const reason = `notebook execution skipped: ${jupyter.ok ? '' : jupyter.why} (Debian's jupyter-client jupyter-nbconvert python3-ipykernel; CI installs them, see docs/notebooks.md)`;
if (!jupyter.ok) {
  if (process.env.CI) throw new Error(`CI must execute the notebooks, but ${reason.replace('notebook execution skipped: ', '')}`);
  process.stderr.write(`\n${reason}\n\n`);
}

const committed = (kernel: Kernel, name: string) => JSON.parse(readFileSync(join(NB, kernel, `${name}.ipynb`), 'utf8')) as Notebook;
const sources = (nb: Notebook) => nb.cells.map((c: NotebookCell) => [c.cell_type, c.metadata.tags ?? [], c.source.join('')]);

describe('research notebooks', () => {
  it('the committed tslab and Deno sets are generated from notebooks/src (they never drift from their sources)', () => {
    const names = sourceNames();
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const kernel of KERNELS) {
      for (const name of names) {
        const nb = committed(kernel, name);
        expect(kernelOf(nb), `${kernel}/${name}`).toBe(kernel);
        expect(sources(nb), `${kernel}/${name}: run npm run notebooks:build`).toEqual(sources(generated(name, kernel)));
      }
    }
  });

  it('the committed notebooks were executed: SVG charts and no error output in every one', () => {
    for (const kernel of KERNELS) {
      for (const name of sourceNames()) {
        const { errors, svgs } = inspectOutputs(join(NB, kernel, `${name}.ipynb`));
        expect(errors, `${kernel}/${name}`).toEqual([]);
        expect(svgs, `${kernel}/${name} shows an SVG chart`).toBeGreaterThan(0);
      }
    }
  });

  it.skipIf(!jupyter.ok)(
    'every notebook executes headless with the kernel in its own metadata, and notebook 02 re-executes with other grids, keys and cutoff',
    async () => {
      // Fresh copies one level below notebooks/ (as the committed sets are), so relative imports hold.
      const dir = mkdtempSync(join(NB, '.run-test-'));
      try {
        type Job = { label: string; path: string; expectSvgs?: number; expectText?: RegExp[] };
        const jobs: Job[] = [];
        for (const kernel of KERNELS) {
          for (const name of sourceNames()) {
            const path = join(dir, `${kernel}-${name}.ipynb`);
            writeFileSync(path, notebookText(generated(name, kernel)));
            jobs.push({ label: `${kernel}/${name}`, path });
          }
        }
        // Papermill-style: other keys and values, another cutoff; three keys (a heatmap per minWallets value) under tslab, one key under Deno.
        const sweeps: { kernel: Kernel; params: Record<string, unknown>; svgs: number; text: RegExp[] }[] = [
          { kernel: 'tslab', params: { grid: { beliefConviction: [0.25, 1], churnPenalty: [0, 1], minWallets: [2, 13] }, cutoffHours: 24 }, svgs: 2, text: [/beliefConviction/, /churnPenalty/, /cutoff 24 h, minWallets = 13/, /9 parameter sets/] },
          { kernel: 'deno', params: { grid: { priorStrength: [1, 4, 16] }, cutoffHours: 6 }, svgs: 1, text: [/priorStrength/, /cutoff 6 h/, /4 parameter sets/] },
        ];
        for (const [i, s] of sweeps.entries()) {
          const path = join(dir, `${s.kernel}-02-injected-${i}.ipynb`);
          writeFileSync(path, notebookText(injectParameters(generated('02-parameter-sweep', s.kernel), s.params)));
          jobs.push({ label: `${s.kernel}/02 with ${JSON.stringify(s.params)}`, path, expectSvgs: s.svgs, expectText: s.text });
        }
        // One at a time: the rest of the suite runs beside this file, and some of it measures time.
        const results = await inParallel(1, jobs.map((j) => () => executeNotebook(j.path, 300)));
        const times: string[] = [];
        for (const [i, r] of results.entries()) {
          const job = jobs[i]!;
          times.push(`${job.label} ${r.seconds.toFixed(1)} s`);
          expect(r.status, `${job.label}: ${r.stderr.split('\n').slice(-15).join('\n')}`).toBe(0);
          const { errors, svgs } = inspectOutputs(r.path);
          expect(errors, job.label).toEqual([]);
          if (job.expectSvgs !== undefined) expect(svgs, `${job.label}: heatmaps`).toBe(job.expectSvgs);
          else expect(svgs, `${job.label} shows an SVG chart`).toBeGreaterThan(0);
          const text = readFileSync(r.path, 'utf8');
          for (const re of job.expectText ?? []) expect(text, job.label).toMatch(re);
        }
        process.stderr.write(`notebook execution times: ${times.join('; ')}\n`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    20 * 60_000,
  );
});
