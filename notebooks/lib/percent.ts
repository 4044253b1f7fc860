/**
 * A reader for notebook sources in the jupytext "percent" format (TypeScript flavour), the subset
 * the notebooks use: `// %%` starts a code cell, `// %% [markdown]` a Markdown cell whose lines are
 * `// ` comments, and cell metadata follows as `key=<JSON>` pairs, e.g. `// %% tags=["parameters"]`.
 * Jupytext itself is not installable offline here (no Debian package, no npm port); a file in this
 * format opens in jupytext/VS Code as the same cells. Lines before the first marker are ignored.
 */

export type CellMetadata = Record<string, unknown> & { tags?: string[] };

export interface SourceCell {
  type: 'code' | 'markdown';
  metadata: CellMetadata;
  /** The cell's text, without trailing blank lines (Markdown with its `// ` prefixes removed). */
  text: string;
}

/** Raised for a malformed cell marker (line number and reason). */
export class PercentFormatError extends Error {
  override readonly name = 'PercentFormatError';
  readonly code = 'SC_PERCENT_FORMAT';
}

const MARKER = /^\/\/ %%(.*)$/;

/** Parses the `key=<JSON>` pairs after a marker (and an optional `[markdown]`). */
function parseMarker(rest: string, line: number): { type: SourceCell['type']; metadata: CellMetadata } {
  let s = rest.trim();
  let type: SourceCell['type'] = 'code';
  const md = /^\[(markdown|md)\]\s*/.exec(s);
  if (md) {
    type = 'markdown';
    s = s.slice(md[0].length);
  }
  const metadata: CellMetadata = {};
  while (s.length > 0) {
    const m = /^([A-Za-z_][\w.-]*)=/.exec(s);
    if (!m) throw new PercentFormatError(`line ${line}: expected key=<JSON> after "// %%", found "${s}"`);
    s = s.slice(m[0].length);
    // The JSON value runs to the longest prefix that parses and is followed by a space or the end.
    let value: unknown;
    let end = -1;
    for (let i = s.length; i > 0; i--) {
      if (i < s.length && s[i] !== ' ') continue;
      try {
        value = JSON.parse(s.slice(0, i));
        end = i;
        break;
      } catch {
        // try a shorter prefix
      }
    }
    if (end < 0) throw new PercentFormatError(`line ${line}: the value of ${m[1]} is not JSON`);
    metadata[m[1]!] = value;
    s = s.slice(end).trimStart();
  }
  if (metadata.tags !== undefined && !(Array.isArray(metadata.tags) && metadata.tags.every((t) => typeof t === 'string'))) {
    throw new PercentFormatError(`line ${line}: tags must be a JSON array of strings`);
  }
  return { type, metadata };
}

/** Splits a percent-format source into cells. */
export function readPercent(text: string): SourceCell[] {
  const cells: SourceCell[] = [];
  let cur: { type: SourceCell['type']; metadata: CellMetadata; lines: string[] } | null = null;
  const flush = () => {
    if (!cur) return;
    while (cur.lines.length && cur.lines[cur.lines.length - 1]!.trim() === '') cur.lines.pop();
    cells.push({ type: cur.type, metadata: cur.metadata, text: cur.lines.join('\n') });
  };
  text.split('\n').forEach((line, i) => {
    const m = MARKER.exec(line);
    if (m) {
      flush();
      cur = { ...parseMarker(m[1]!, i + 1), lines: [] };
      return;
    }
    if (!cur) return;
    cur.lines.push(cur.type === 'markdown' ? line.replace(/^\/\/ ?/, '') : line);
  });
  flush();
  return cells;
}
