/**
 * Notebook sources (notebooks/src/*.ts, percent format) → .ipynb for each kernel, and
 * papermill-style parameter injection. One source, two sets:
 * - notebooks/tslab/*.ipynb, kernel `tslab`: tslab runs cells as CommonJS with its own TypeScript 5.0,
 *   which cannot load the project's ESM `.ts` modules, so each `import * as X from '….ts'` line
 *   becomes `const X = await require('../lib/load.cjs')('….ts')` (a real dynamic import through tsx),
 *   and shorthand properties are spelled out (`{ grid }` → `{ grid: grid }`): tslab rewrites a
 *   reference to an earlier cell's variable into `exports.grid`, but misses the shorthand form, which
 *   then fails with "grid is not defined";
 * - notebooks/deno/*.ipynb, kernel `deno`: cells as written (Deno runs ESM TypeScript natively).
 * Both sets live one folder below notebooks/, like the sources, so relative paths mean the same.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readPercent, type CellMetadata } from './percent.ts';

export type Kernel = 'tslab' | 'deno';
export const KERNELS: readonly Kernel[] = ['tslab', 'deno'];

export interface NotebookCell {
  cell_type: 'code' | 'markdown';
  id: string;
  metadata: CellMetadata;
  source: string[];
  outputs?: NotebookOutput[];
  execution_count?: number | null;
}

export interface NotebookOutput {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error';
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

const META: Record<Kernel, Record<string, unknown>> = {
  tslab: {
    kernelspec: { name: 'tslab', display_name: 'TypeScript (tslab)', language: 'typescript' },
    language_info: { name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript', codemirror_mode: { name: 'javascript', typescript: true } },
  },
  deno: {
    kernelspec: { name: 'deno', display_name: 'Deno', language: 'typescript' },
    language_info: { name: 'typescript', file_extension: '.ts', mimetype: 'text/x.typescript', codemirror_mode: 'typescript', pygments_lexer: 'typescript', nbconvert_exporter: 'script' },
  },
};

/** Raised when a source uses an import form the tslab rewrite does not handle (only `import * as X from '….ts'`). */
export class NotebookSourceError extends Error {
  override readonly name = 'NotebookSourceError';
  readonly code = 'SC_NOTEBOOK_SOURCE';
}

const NAMESPACE_IMPORT = /^import \* as ([A-Za-z_$][\w$]*) from '([^']+\.ts)';$/;

type TsApi = typeof import('@tslab/typescript-for-tslab');
let tsApi: TsApi | undefined;
/** The TypeScript that tslab itself runs (its dependency), used here only to parse cells the way tslab will. */
function tslabTypeScript(): TsApi {
  tsApi ??= createRequire(join(import.meta.dirname, '..', '..', 'node_modules', 'tslab', 'package.json'))('@tslab/typescript-for-tslab') as TsApi;
  return tsApi;
}

/** `{ a, b: 1 }` → `{ a: a, b: 1 }`: the same object, in a form tslab resolves across cells. */
export function expandShorthand(code: string): string {
  const ts = tslabTypeScript();
  const sf = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const at: { end: number; name: string }[] = [];
  const visit = (n: import('@tslab/typescript-for-tslab').Node): void => {
    if (ts.isShorthandPropertyAssignment(n) && !n.objectAssignmentInitializer) at.push({ end: n.name.getEnd(), name: n.name.text });
    ts.forEachChild(n, visit);
  };
  visit(sf);
  let out = code;
  for (const { end, name } of at.sort((a, b) => b.end - a.end)) out = `${out.slice(0, end)}: ${name}${out.slice(end)}`;
  return out;
}

/** A code cell's text for `kernel`. */
export function cellForKernel(text: string, kernel: Kernel, where: string): string {
  if (kernel === 'deno') return text;
  return expandShorthand(text)
    .split('\n')
    .map((line, i) => {
      const m = NAMESPACE_IMPORT.exec(line);
      if (m) return `const ${m[1]} = await require('../lib/load.cjs')('${m[2]}');`;
      if (/^\s*import\s/.test(line)) throw new NotebookSourceError(`${where}, line ${i + 1}: tslab cells can only use "import * as X from '….ts';", found: ${line}`);
      return line;
    })
    .join('\n');
}

/** nbformat's multi-line string: lines keeping their "\n", the last without. */
const lines = (text: string) => (text === '' ? [] : text.split('\n').map((l, i, a) => (i < a.length - 1 ? `${l}\n` : l)));
const cellId = (name: string, i: number) => createHash('sha256').update(`${name}:${i}`).digest('hex').slice(0, 8);

/** The notebook of source `name` (e.g. "02-parameter-sweep") for `kernel`, unexecuted. */
export function buildNotebook(name: string, source: string, kernel: Kernel): Notebook {
  const cells = readPercent(source).map((c, i): NotebookCell => {
    const id = cellId(name, i);
    if (c.type === 'markdown') return { cell_type: 'markdown', id, metadata: c.metadata, source: lines(c.text) };
    return { cell_type: 'code', id, metadata: c.metadata, source: lines(cellForKernel(c.text, kernel, `${name}, cell ${i + 1}`)), outputs: [], execution_count: null };
  });
  return { cells, metadata: { ...META[kernel], smartcrowd: { source: `notebooks/src/${name}.ts`, generated: 'edit the source and run npm run notebooks:build' } }, nbformat: 4, nbformat_minor: 5 };
}

export const notebookText = (nb: Notebook) => `${JSON.stringify(nb, null, 1)}\n`;

/** The kernel a notebook names in its metadata. */
export function kernelOf(nb: Notebook): string {
  return (nb.metadata.kernelspec as { name?: string } | undefined)?.name ?? '';
}

/** Raised for parameters the notebook's `parameters` cell does not declare, or a notebook without one. */
export class ParameterError extends Error {
  override readonly name = 'ParameterError';
  readonly code = 'SC_NOTEBOOK_PARAMETER';
}

const source = (c: NotebookCell) => c.source.join('');

/** The names the `parameters` cell declares (`let NAME …` at the start of a line). */
export function declaredParameters(nb: Notebook): string[] {
  const cell = nb.cells.find((c) => c.cell_type === 'code' && c.metadata.tags?.includes('parameters'));
  if (!cell) throw new ParameterError('the notebook has no code cell tagged "parameters"');
  return [...source(cell).matchAll(/^let\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!);
}

/**
 * Papermill-style injection: a code cell tagged `injected-parameters`, right after the cell tagged
 * `parameters`, assigns each value (as JSON, which is a valid TypeScript expression) to the
 * parameter of that name; a previous injected cell is replaced. Returns a new notebook.
 * @throws ParameterError for a name the parameters cell does not declare with `let`.
 */
export function injectParameters(nb: Notebook, values: Record<string, unknown>): Notebook {
  const declared = declaredParameters(nb);
  const unknown = Object.keys(values).filter((k) => !declared.includes(k));
  if (unknown.length) throw new ParameterError(`unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: the notebook declares ${declared.join(', ')}`);
  const cells = nb.cells.filter((c) => !c.metadata.tags?.includes('injected-parameters'));
  const at = cells.findIndex((c) => c.metadata.tags?.includes('parameters'));
  const text = ['// Injected parameters', ...Object.entries(values).map(([k, v]) => `${k} = ${JSON.stringify(v)};`)].join('\n');
  const injected: NotebookCell = { cell_type: 'code', id: 'injected-parameters', metadata: { tags: ['injected-parameters'] }, source: lines(text), outputs: [], execution_count: null };
  return { ...nb, cells: [...cells.slice(0, at + 1), injected, ...cells.slice(at + 1)] };
}
