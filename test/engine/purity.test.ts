import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ENGINE = join(import.meta.dirname, '../../engine');
const files = readdirSync(ENGINE).filter((f) => f.endsWith('.ts'));

/** What the engine may not touch: I/O, the clock, ambient randomness, the process. */
const FORBIDDEN: [RegExp, string][] = [
  [/\bDate\.now\b|\bnew Date\(\s*\)|performance\.now/, 'reads the clock'],
  [/\bMath\.random\b/, 'uses ambient randomness (pass an engine/rng.ts generator instead)'],
  [/from ['"](node:)?(fs|fs\/promises|net|http|https|child_process|worker_threads|os|dgram|dns|tls|readline)['"]/, 'does I/O'],
  [/\bprocess\.(env|stdout|stderr|argv|exit)\b/, 'reads or writes the process'],
  [/from ['"](better-sqlite3|undici)['"]/, 'does I/O through a driver'],
];

describe('engine purity', () => {
  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('engine/%s does no I/O, reads no clock and uses no ambient randomness', (file) => {
    const src = readFileSync(join(ENGINE, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    for (const [re, why] of FORBIDDEN) expect(re.test(src), `engine/${file} ${why}`).toBe(false);
  });
});
