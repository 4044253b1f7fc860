import { timingSafeEqual } from 'node:crypto';

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Whether a request may proceed. Reads are always allowed; mutating requests (anything but
 * GET/HEAD/OPTIONS) need `Authorization: Bearer <token>` when the server is bound to a
 * non-loopback address. On loopback no token is needed.
 */
export function authorize(req: { method: string; authorization: string | undefined }, server: { loopback: boolean; token: string | undefined }): boolean {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method.toUpperCase())) return true;
  if (server.loopback) return true;
  if (!server.token) return false;
  const m = /^Bearer\s+(.+)$/i.exec(req.authorization ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!.trim());
  const b = Buffer.from(server.token);
  return a.length === b.length && timingSafeEqual(a, b);
}
