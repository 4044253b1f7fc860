import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/*
 * The layering of the code, checked on every source file (issue 17):
 *
 *   domain ← engine ← contracts ← store ← ingest ← services ← rpc / cli ← notebooks
 *
 * Each folder may import only from itself and the folders listed for it below; routers and
 * commands are thin (a router reaches the store, the engine and ingestion only through a service);
 * no SQL outside store/; tsconfig.json type-checks every folder that holds TypeScript.
 */

const ROOT = resolve(import.meta.dirname, '../..');

/** Who may import whom: a file in the key's folder may import from the folders listed (and packages). */
const ALLOWED: Record<string, readonly string[]> = {
  domain: ['domain'],
  engine: ['engine'],
  contracts: ['contracts', 'engine', 'domain'],
  store: ['store', 'contracts', 'engine', 'domain'],
  ingest: ['ingest', 'store', 'contracts', 'engine', 'domain'],
  services: ['services', 'ingest', 'store', 'contracts', 'engine', 'domain'],
  // The edges: each procedure and command is input schema → one service call → output schema.
  'rpc/routers': ['rpc/trpc.ts', 'services', 'contracts', 'domain'],
  rpc: ['rpc', 'services', 'contracts', 'domain'],
  'cli/commands': ['cli', 'rpc/server.ts', 'services', 'contracts', 'domain', 'datasets/generator/index.ts'],
  cli: ['cli', 'services', 'contracts', 'domain'],
  // The signal's research harness runs the engine on generated worlds; it reaches no store and no edge.
  research: ['research', 'engine', 'datasets/generator', 'notebooks/lib/charts.ts'],
  // Research notebooks compute with the engine locally and read through the typed client (DESIGN.md §2).
  'notebooks/src': ['notebooks/lib', 'engine/index.ts', 'rpc/client.ts'],
};

/** The rule of a file: the longest folder prefix of ALLOWED it lies under (undefined: not a layered folder). */
function ruleOf(file: string): string | undefined {
  return Object.keys(ALLOWED)
    .filter((k) => file === k || file.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)[0];
}

// dist/ holds the CLI bundle built from these sources (bin/bundle.mjs), .bundle-test-* its test's copy.
const SKIP = new Set(['node_modules', '.git', '.ci', 'dist']);
function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    if (SKIP.has(d.name) || d.name.startsWith('.bundle-test-')) return [];
    const rel = dir ? `${dir}/${d.name}` : d.name;
    return d.isDirectory() ? walk(rel) : /\.(ts|mts|mjs|cjs)$/.test(d.name) ? [rel] : [];
  });
}
const FILES = walk('');

/** Source without comments (a path in a comment is not an import). */
function code(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/([;,{}()\s])\/\/[^'"`\n]*$/gm, '$1');
}

/** Every project file a file imports: static and dynamic imports, re-exports, workers loaded by URL. */
function imports(file: string): string[] {
  const src = code(file);
  const specs = [
    ...src.matchAll(/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...src.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...src.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...src.matchAll(/new URL\(\s*['"](\.[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g),
  ].map((m) => m[1]!);
  return specs.filter((s) => s.startsWith('.')).map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)).split(sep).join('/'));
}

/** The package's own manifest (the version) is readable from anywhere. */
const ANYONE = ['package.json'];

function allowed(target: string, by: readonly string[]): boolean {
  return [...by, ...ANYONE].some((a) => target === a || target.startsWith(`${a}/`));
}

describe('layers', () => {
  const layered = FILES.filter((f) => ruleOf(f));

  it('finds the source files of every layer', () => {
    for (const layer of ['domain', 'engine', 'contracts', 'store', 'ingest', 'services', 'rpc', 'rpc/routers', 'cli', 'cli/commands']) {
      expect(layered.some((f) => ruleOf(f) === layer), layer).toBe(true);
    }
  });

  it('every import points down the layers (engine ← store ← ingest/services ← rpc/cli/notebooks)', () => {
    const wrong = layered.flatMap((f) => {
      const rule = ruleOf(f)!;
      return imports(f)
        .filter((t) => !allowed(t, ALLOWED[rule]!))
        .map((t) => `${f} imports ${t} (${rule}/ may import ${ALLOWED[rule]!.join(', ')})`);
    });
    expect(wrong).toEqual([]);
  });

  it('the import scanner sees the imports it must see (a checker that cannot fail is no check)', () => {
    expect(imports('rpc/router.ts')).toContain('rpc/trpc.ts');
    expect(imports('services/sweepPool.ts')).toEqual(expect.arrayContaining(['domain/tsWorker.mjs', 'services/sweepWorker.ts']));
    expect(allowed('rpc/schemas.ts', ALLOWED.services!)).toBe(false);
    expect(allowed('services/pipeline.ts', ALLOWED.ingest!)).toBe(false);
  });
});

describe('SQL lives in store/', () => {
  /** SQL text or a statement call: a SQL keyword sentence in a string, or db.prepare/exec/pragma. */
  const SQL = [
    /['"`]\s*(?:SELECT\s[\s\S]*?\sFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX|VIEW)|DROP\s+TABLE|PRAGMA\s)/i,
    /\.(?:prepare|pragma)\(/,
    /\bdb\.exec\(/,
  ];
  // bench/ times the store directly (the performance engineer's harness); tests inspect the file they wrote.
  const outside = FILES.filter((f) => !/^(store|test|bench)\//.test(f));

  it('no file outside store/ holds SQL or runs a statement', () => {
    expect(outside.length).toBeGreaterThan(50);
    const found = outside.flatMap((f) => {
      const src = code(f);
      return SQL.flatMap((re) => {
        const m = re.exec(src);
        return m ? [`${f}: ${m[0].slice(0, 60)}`] : [];
      });
    });
    expect(found).toEqual([]);
  });

  it('the SQL detector recognises a statement', () => {
    expect(SQL.some((re) => re.test('db.prepare(`SELECT max(ts) FROM trades`)'))).toBe(true);
    expect(SQL.some((re) => re.test("'DELETE FROM worker_locks'"))).toBe(true);
    expect(SQL.some((re) => re.test('/^(\\d{4})-(\\d{2})/.exec(v)'))).toBe(false);
  });
});

describe('ISO 8601 at one boundary', () => {
  it('instants become text only in domain/instant.ts (isoOf, and the IsoInstant codec every output contract uses)', () => {
    // The engine's own report text (case studies) and the generator's CSV are outside the shell; ingest writes upstream query parameters.
    const shell = FILES.filter((f) => /^(contracts|store|services|rpc|cli|domain)\//.test(f) && f !== 'domain/instant.ts');
    expect(shell.length).toBeGreaterThan(40);
    expect(shell.filter((f) => /\.toISOString\(/.test(code(f)))).toEqual([]);
  });
});

describe('tsconfig.json', () => {
  it('type-checks every folder that holds TypeScript', () => {
    const include = (JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] }).include;
    const folders = [...new Set(FILES.filter((f) => f.endsWith('.ts') && f.includes('/')).map((f) => f.split('/')[0]!))];
    const covered = (f: string) => include.some((i) => f === i || f.startsWith(`${i}/`));
    const tsFiles = FILES.filter((f) => f.endsWith('.ts'));
    expect(folders.length).toBeGreaterThan(8);
    expect(tsFiles.filter((f) => !covered(f))).toEqual([]);
  });
});
