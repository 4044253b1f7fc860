import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Interpolations allowed inside SQL text: none carries data (placeholder lists, constants, pragmas). */
const ALLOWED = [
  /\$\{Array\.from\(\{ length: MULTI_ROWS \}/, // "(?, ?, …)" placeholder groups
  /user_version = \$\{m\.version\}/, // migration numbers from file names
  /busy_timeout = \$\{options\.busyTimeoutMs/, // a number from code
];

describe('SQL', () => {
  it('every statement is parameterised: no data is interpolated into SQL text', () => {
    const offenders: string[] = [];
    for (const f of ['store', 'rpc', 'services', 'ingest', 'cli'].flatMap((d) => files(join(ROOT, d)))) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/\.(prepare|exec|pragma)\(\s*`([^`]*)`/g)) {
        const sql = m[2]!;
        if (!sql.includes('${')) continue;
        if (ALLOWED.some((re) => re.test(m[0]))) continue;
        offenders.push(`${relative(ROOT, f)}: ${m[0].slice(0, 120)}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
