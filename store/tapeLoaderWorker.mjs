// Worker thread of store/tapeLoader.ts: reads one rowid range of `trades` through its own
// read-only connection into the shared columns, from position `offset` on, and reports the market
// and wallet ids it interned (its own numbering, which the loader shifts). Progress in ctrl[1]
// (rows); ctrl[0] = 1 when done, 2 on failure (the message says why); ctrl[2] = 1 cancels it. Plain JavaScript: it needs no
// TypeScript, so it starts in milliseconds.
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { path, lo, hi, offset, cols, ctrl, port } = workerData;
const c = new Int32Array(ctrl);
try {
  const ts = new Float64Array(cols.ts);
  const price = new Float64Array(cols.price);
  const size = new Float64Array(cols.size);
  const sideAction = new Uint8Array(cols.sideAction);
  const market = new Int32Array(cols.market);
  const wallet = new Int32Array(cols.wallet);
  const marketIds = [];
  const walletIds = [];
  const marketOf = new Map();
  const walletOf = new Map();
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  let k = offset;
  db.aggregate('sc_tape_trade', {
    start: 0,
    varargs: true,
    step: (_acc, t, m, w, sa, p, s) => {
      let mi = marketOf.get(m);
      if (mi === undefined) {
        mi = marketIds.push(m) - 1;
        marketOf.set(m, mi);
      }
      let wi = walletOf.get(w);
      if (wi === undefined) {
        wi = walletIds.push(w) - 1;
        walletOf.set(w, wi);
      }
      ts[k] = t;
      price[k] = p;
      size[k] = s;
      sideAction[k] = sa;
      market[k] = mi;
      wallet[k] = wi;
      k++;
      if ((k & 0xffff) === 0) {
        Atomics.store(c, 1, k - offset);
        if (Atomics.load(c, 2) === 1) throw new Error('cancelled');
      }
    },
    result: () => k,
  });
  db.prepare(`SELECT sc_tape_trade(ts, market_id, wallet, (side = 'NO') | ((action = 'SELL') << 1), price, size) FROM trades NOT INDEXED WHERE rowid BETWEEN ? AND ?`).pluck().get(lo, hi);
  db.close();
  port.postMessage({ rows: k - offset, marketIds, walletIds });
  Atomics.store(c, 0, 1);
} catch (err) {
  port.postMessage({ error: err instanceof Error ? err.message : String(err) });
  Atomics.store(c, 0, 2);
}
Atomics.notify(c, 0);
