import { describe, expect, it } from 'vitest';
import { authorize, isLoopbackHost } from '../../rpc/auth.ts';
import { InsecureBindError, startServer } from '../../rpc/server.ts';
import { openDatabase } from '../../store/db.ts';
import { tempDbPath } from '../helpers/smallWorld.ts';

describe('auth', () => {
  it('recognises loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.3.2.1', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '192.168.1.5', '::', 'example.com']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('reads are open; mutations need the bearer token only off loopback', () => {
    const off = { loopback: false, token: 's3cret' };
    expect(authorize({ method: 'GET', authorization: undefined }, off)).toBe(true);
    expect(authorize({ method: 'POST', authorization: undefined }, { loopback: true, token: undefined })).toBe(true);
    expect(authorize({ method: 'POST', authorization: undefined }, off)).toBe(false);
    expect(authorize({ method: 'POST', authorization: 'Bearer wrong' }, off)).toBe(false);
    expect(authorize({ method: 'POST', authorization: 'Bearer s3cret' }, off)).toBe(true);
    expect(authorize({ method: 'POST', authorization: 'Bearer s3cret' }, { loopback: false, token: undefined })).toBe(false);
  });

  it('refuses to bind a non-loopback address without a token', async () => {
    const db = openDatabase(tempDbPath());
    await expect(startServer({ db, host: '0.0.0.0', port: 0, datasetsRoot: '.' })).rejects.toThrow(InsecureBindError);
  });
});
