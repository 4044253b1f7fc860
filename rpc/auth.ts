import { timingSafeEqual } from 'node:crypto';

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Whether a request may proceed. Reads are always allowed; mutating requests (anything but
 * GET/HEAD/OPTIONS) need `Authorization: Bearer <token>` when the server is bound to a
 * non-loopback address. On loopback no token is needed. The scheme name is case-insensitive
 * (`bearer` works too, RFC 9110 §11.1).
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

/** The host names a server answers to: `any` turns the check off (`--allowed-hosts '*'`). */
export interface HostAllowList {
  any: boolean;
  names: ReadonlySet<string>;
}

/**
 * The allow-list for a server bound to `bindHost`: loopback names always (localhost, 127.0.0.0/8,
 * ::1), the bind address itself when it is a specific address, and the names the operator adds
 * (`--allowed-hosts`, SMARTCROWD_ALLOWED_HOSTS). `*` among them allows any Host.
 */
export function hostAllowList(bindHost: string, extra: readonly string[] = []): HostAllowList {
  const names = new Set<string>();
  const wildcardBind = ['0.0.0.0', '::', '[::]', ''].includes(bindHost);
  if (!wildcardBind) names.add(normalizeHost(bindHost));
  for (const e of extra) if (e.trim() && e.trim() !== '*') names.add(normalizeHost(e));
  return { any: extra.some((e) => e.trim() === '*'), names };
}

/** A host name without port or IPv6 brackets, lower case. */
function normalizeHost(h: string): string {
  const t = h.trim().toLowerCase();
  if (t.startsWith('[')) return t.slice(1, t.indexOf(']') > 0 ? t.indexOf(']') : undefined);
  const colons = t.split(':').length - 1;
  return colons === 1 ? t.slice(0, t.indexOf(':')) : t;
}

/**
 * Whether a request's Host header names this server. Refusing other names stops DNS rebinding:
 * a web page whose domain is re-pointed at 127.0.0.1 sends its own name as Host, and is refused.
 * A request without a Host header is refused too (HTTP/1.1 requires one).
 */
export function hostAllowed(hostHeader: string | undefined, list: HostAllowList): boolean {
  if (list.any) return true;
  if (!hostHeader) return false;
  const name = normalizeHost(hostHeader);
  return isLoopbackHost(name) || list.names.has(name);
}
