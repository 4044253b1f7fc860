import type { z } from 'zod';
import { UsageError } from './errors.ts';

/** Decimal text a number option accepts (no exponent, hex or whitespace). */
const DECIMAL = /^-?(\d{1,24}(\.\d{1,12})?|\.\d{1,12})$/;

/** Option text as a number when it is one; any other text stays text, and the option's schema refuses it. */
export function numeric(text: string | undefined): number | string | undefined {
  return text !== undefined && DECIMAL.test(text.trim()) ? Number(text) : text;
}

/**
 * Parses command-line values with an options schema of contracts/options/ (every default is
 * there): a refused value is bad usage (exit 2) naming its flag and the text given, e.g.
 * `--port must be 0..65535, got "x"`. `flags` names the flag of each field path (dotted).
 * @throws UsageError
 */
export function parseOptions<S extends z.ZodType>(schema: S, values: unknown, flags: Record<string, string>, given: Record<string, string | undefined> = {}): z.output<S> {
  const r = schema.safeParse(values);
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => {
    const key = i.path.map(String).join('.');
    const flag = flags[key] ?? (key ? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : '');
    const raw = given[key];
    return { path: flag, message: `${i.message}${raw !== undefined && !i.message.includes(`"${raw}"`) ? `, got "${raw}"` : ''}` };
  });
  const unique = fields.filter((f, i) => fields.findIndex((g) => g.path === f.path && g.message === f.message) === i);
  throw new UsageError(unique.map((f) => (f.path === '' ? f.message : /^must\b/.test(f.message) ? `${f.path} ${f.message}` : `${f.path}: ${f.message}`)).join('; '), unique);
}
