import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PercentFormatError, readPercent } from '../../notebooks/lib/percent.ts';
import { buildNotebook, declaredParameters, expandShorthand, injectParameters, NotebookSourceError, ParameterError } from '../../notebooks/lib/ipynb.ts';
import { kernelSpecs } from '../../notebooks/lib/kernels.ts';
import { showSvg } from '../../notebooks/lib/notebook.ts';

const ROOT = join(import.meta.dirname, '../..');
const SRC = join(ROOT, 'notebooks/src');

describe('notebook sources (jupytext percent format)', () => {
  it('split into Markdown and code cells, with JSON metadata such as tags on the marker', () => {
    const cells = readPercent('header ignored\n// %% [markdown]\n// # Title\n//\n// text\n\n// %% tags=["parameters"] title="p"\nlet a = 1;\n\n\n// %%\na\n');
    expect(cells).toEqual([
      { type: 'markdown', metadata: {}, text: '# Title\n\ntext' },
      { type: 'code', metadata: { tags: ['parameters'], title: 'p' }, text: 'let a = 1;' },
      { type: 'code', metadata: {}, text: 'a' },
    ]);
  });

  it('a malformed marker is an error naming the line', () => {
    expect(() => readPercent('// %%\n1\n// %% tags=[parameters]\n')).toThrow(PercentFormatError);
    expect(() => readPercent('// %%\n1\n// %% tags=[parameters]\n')).toThrow(/line 3/);
    expect(() => readPercent('// %% tags="x"\n')).toThrow(/array of strings/);
  });

  it('one source gives a tslab notebook (loader instead of imports, shorthand spelled out) and a Deno notebook (as written)', () => {
    const src = '// %% tags=["parameters"]\nlet grid = {};\n// %%\nimport * as nb from \'../lib/notebook.ts\';\nconst r = nb.f({ grid, x: 1 });\n';
    const t = buildNotebook('x', src, 'tslab');
    const d = buildNotebook('x', src, 'deno');
    expect(t.metadata.kernelspec).toMatchObject({ name: 'tslab' });
    expect(d.metadata.kernelspec).toMatchObject({ name: 'deno' });
    expect(t.cells[1]!.source.join('')).toBe("const nb = await require('../lib/load.cjs')('../lib/notebook.ts');\nconst r = nb.f({ grid: grid, x: 1 });");
    expect(d.cells[1]!.source.join('')).toBe("import * as nb from '../lib/notebook.ts';\nconst r = nb.f({ grid, x: 1 });");
    expect(t.cells.map((c) => c.id)).toEqual(d.cells.map((c) => c.id));
    expect(() => buildNotebook('x', "// %%\nimport { f } from './f.ts';\n", 'tslab')).toThrow(NotebookSourceError);
  });

  it('spelling out shorthand properties keeps destructuring and defaults intact', () => {
    expect(expandShorthand('const { a, b } = o; f({ a, ...c, d: 1, e }); ({ g = 1 } = h);')).toBe('const { a, b } = o; f({ a: a, ...c, d: 1, e: e }); ({ g = 1 } = h);');
  });

  it('every notebook has a first code cell tagged parameters that declares its server and database with let', () => {
    for (const f of readdirSync(SRC).filter((x) => x.endsWith('.ts'))) {
      const nb = buildNotebook(f, readFileSync(join(SRC, f), 'utf8'), 'deno');
      const firstCode = nb.cells.find((c) => c.cell_type === 'code')!;
      expect(firstCode.metadata.tags, f).toEqual(['parameters']);
      expect(declaredParameters(nb), f).toEqual(expect.arrayContaining(['serverUrl', 'database']));
    }
    const sweep = buildNotebook('02', readFileSync(join(SRC, '02-parameter-sweep.ts'), 'utf8'), 'deno');
    expect(declaredParameters(sweep)).toEqual(['serverUrl', 'database', 'cutoffHours', 'grid']);
  });
});

describe('papermill-style parameters', () => {
  const nb = buildNotebook('x', '// %% [markdown]\n// # T\n// %% tags=["parameters"]\nlet grid = {};\nlet cutoffHours = 12;\n// %%\nconsole.log(grid)\n', 'deno');

  it('are assigned in a cell tagged injected-parameters right after the parameters cell, replacing an earlier one', () => {
    const once = injectParameters(nb, { grid: { minWallets: [2, 4] }, cutoffHours: 24 });
    expect(once.cells.map((c) => c.metadata.tags?.[0] ?? c.cell_type)).toEqual(['markdown', 'parameters', 'injected-parameters', 'code']);
    expect(once.cells[2]!.source.join('')).toBe('// Injected parameters\ngrid = {"minWallets":[2,4]};\ncutoffHours = 24;');
    const twice = injectParameters(once, { cutoffHours: 6 });
    expect(twice.cells).toHaveLength(4);
    expect(twice.cells[2]!.source.join('')).toBe('// Injected parameters\ncutoffHours = 6;');
  });

  it('an undeclared name is an error listing the declared ones', () => {
    expect(() => injectParameters(nb, { gird: {} })).toThrow(ParameterError);
    expect(() => injectParameters(nb, { gird: {} })).toThrow('unknown parameter gird: the notebook declares grid, cutoffHours');
  });
});

describe('notebook runtime boundaries', () => {
  it('no notebook reaches the database: the modules a notebook imports never import the store, the services, the server or better-sqlite3', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^'";]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        expect(spec, `${file.slice(ROOT.length)} imports ${spec}`).not.toBe('better-sqlite3');
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      }
    };
    for (const f of readdirSync(SRC)) visit(join(SRC, f));
    const reached = [...seen].map((f) => f.slice(ROOT.length + 1));
    expect(reached).toContain('engine/index.ts');
    expect(reached).toContain('rpc/client.ts');
    expect(reached.filter((f) => /^(store|services|ingest|cli)\//.test(f) || f === 'rpc/server.ts' || f === 'rpc/router.ts')).toEqual([]);
  });

  it('kernelspecs name this checkout’s binaries by absolute path (no PATH lookup)', () => {
    const specs = kernelSpecs();
    expect(specs.tslab.argv[0]).toBe(process.execPath);
    expect(specs.tslab.argv[1]).toBe(join(ROOT, 'node_modules/tslab/bin/tslab'));
    expect(specs.deno.argv[0]!.startsWith('/')).toBe(true);
    expect(specs.deno.argv.slice(1)).toEqual(['jupyter', '--kernel', '--conn', '{connection_file}']);
  });

  it('outside a kernel the display helpers print a plain placeholder', async () => {
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => (out.push(s), true)) as typeof process.stdout.write;
    try {
      await showSvg(Promise.resolve('<svg></svg>'));
    } finally {
      process.stdout.write = write;
    }
    expect(out).toEqual(['[svg chart, 11 bytes]\n']);
  });
});
