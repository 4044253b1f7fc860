import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ForbiddenPathError } from '../rpc/errors.ts';

/**
 * Resolves `userPath` (relative to the datasets root) to a real path that must lie inside the
 * root: absolute paths elsewhere, `..` escapes and symlinks pointing out are refused before
 * anything is read. A path that does not exist resolves lexically (and then fails to open).
 * @throws ForbiddenPathError for a path outside the root.
 */
export function resolveUnderRoot(root: string, userPath: string): string {
  const realRoot = realpathSync(root);
  if (userPath.includes('\0')) throw new ForbiddenPathError(`path ${JSON.stringify(userPath)} is not allowed`);
  const candidate = isAbsolute(userPath) ? userPath : resolve(realRoot, userPath);
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    real = resolve(candidate);
  }
  const rel = relative(realRoot, real);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new ForbiddenPathError(`path ${JSON.stringify(userPath)} resolves outside the datasets root`);
  }
  return real;
}
