import { describe, expect, it } from 'vitest';
import { realpathSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const version = (pkgDir: string) => (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;

describe('notebook toolchain', () => {
  it('npx tsc is the TypeScript the project pins, not the 5.0 that tslab bundles', () => {
    expect(realpathSync(join(ROOT, 'node_modules/.bin/tsc'))).toBe(realpathSync(join(ROOT, 'node_modules/typescript/bin/tsc')));
    const r = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['--version'], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(`Version ${version(join(ROOT, 'node_modules/typescript'))}`);
  });

  it("tslab still loads its own bundled TypeScript (the relinked bin is not what it uses)", () => {
    const fromTslab = createRequire(join(ROOT, 'node_modules/tslab/dist/converter.js'));
    const ts = fromTslab('@tslab/typescript-for-tslab') as { version: string };
    expect(ts.version).toMatch(/^5\./);
  });

  it('deno comes from npm as a devDependency', () => {
    const r = spawnSync(join(ROOT, 'node_modules/.bin/deno'), ['--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^deno \d+\.\d+/);
  });
});
