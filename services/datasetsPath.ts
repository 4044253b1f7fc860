import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { BadInputError, ForbiddenPathError } from '../domain/errors.ts';

/**
 * Resolves `userPath` (relative to the datasets root) to a real path that must lie inside the
 * root and be a regular file: absolute paths elsewhere, `..` escapes and symlinks pointing out
 * are refused (ForbiddenPathError) before anything is read; a missing path, a directory, a FIFO
 * or a device is bad input (a FIFO would block the reader, a directory would fail it mid-run).
 * Messages name the path as the caller gave it, never the server's absolute path.
 * @throws ForbiddenPathError for a path outside the root; BadInputError (SC_NOT_A_FILE) for a non-file.
 */
export function resolveUnderRoot(root: string, userPath: string, field = 'path'): string {
  const realRoot = realpathSync(root);
  const shown = JSON.stringify(userPath.length > 200 ? `${userPath.slice(0, 200)}…` : userPath);
  if (userPath.includes('\0')) throw new ForbiddenPathError(`${field} ${shown} is not allowed`);
  const candidate = isAbsolute(userPath) ? userPath : resolve(realRoot, userPath);
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    real = resolve(candidate);
  }
  const rel = relative(realRoot, real);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new ForbiddenPathError(`${field} ${shown} resolves outside the datasets root`);
  }
  requireRegularFile(real, `${field} ${shown}`, field);
  return real;
}

/**
 * Checks that `path` names an existing regular file (following symlinks), before any reader opens it.
 * @throws BadInputError (SC_NOT_A_FILE) naming `shown` and what the path is instead.
 */
export function requireRegularFile(path: string, shown: string, field = 'path'): void {
  let kind: string;
  try {
    const st = statSync(path);
    if (st.isFile()) return;
    kind = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket' : 'a device or special file';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    kind = code === 'ENOENT' || code === 'ENOTDIR' ? 'missing (no such file)' : code === 'EACCES' ? 'not readable (permission denied)' : `not readable (${code ?? 'error'})`;
  }
  throw new BadInputError(`${shown} is ${kind}; a regular file is needed`, [{ path: field, message: `${kind}; a regular file is needed` }], 'SC_NOT_A_FILE');
}
