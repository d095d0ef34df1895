/**
 * Random bytes for DuckDB-WASM, fetched in bulk. DuckDB asks its host for four random bytes at a time, about 16
 * times for every statement that touches a table (more for an UPDATE), and DuckDB-WASM's Emscripten glue
 * answers each with a call to the global `crypto.getRandomValues`: in Node about 5 µs a call (argument checks and
 * a native call), some 120 calls and 0.6 ms of CPU in a trigger of the seed query (bench P2). While a call into
 * DuckDB runs, `crypto.getRandomValues` serves those requests from a pool filled by the real one 4 KiB at a time,
 * so every byte still comes from the platform's generator and is handed out once; the global is put back as soon
 * as the call returns (or throws). Nothing else runs meanwhile: calls into DuckDB are synchronous.
 */

const POOL_BYTES = 4096;
/** Requests larger than this go to the platform's generator as they are. */
const LARGEST_POOLED = 256;

let pool: Uint8Array = new Uint8Array(0);
let used = 0;
let installed = false;

/** Runs `f` (a synchronous call into DuckDB) with `crypto.getRandomValues` served from the pool. */
export function withRandomBytePool<T>(f: () => T): T {
  const host = globalThis.crypto as (Crypto & { getRandomValues: Crypto["getRandomValues"] }) | undefined;
  if (installed || host === undefined || typeof host.getRandomValues !== "function") return f();
  const own = Object.getOwnPropertyDescriptor(host, "getRandomValues");
  const original = host.getRandomValues;
  const serve = <A extends ArrayBufferView | null>(array: A): A => {
    if (array === null || array.byteLength > LARGEST_POOLED || array instanceof DataView)
      return original.call(host, array as never) as A;
    const n = array.byteLength;
    if (used + n > pool.length) {
      pool = original.call(host, new Uint8Array(POOL_BYTES)) as Uint8Array;
      used = 0;
    }
    new Uint8Array(array.buffer, array.byteOffset, n).set(pool.subarray(used, used + n));
    // Served bytes are not kept where a later request could see them again.
    pool.fill(0, used, used + n);
    used += n;
    return array;
  };
  try {
    host.getRandomValues = serve as Crypto["getRandomValues"];
  } catch {
    // A frozen `crypto`: the platform's generator, a call per request.
    return f();
  }
  installed = true;
  try {
    return f();
  } finally {
    installed = false;
    if (own) Object.defineProperty(host, "getRandomValues", own);
    else delete (host as { getRandomValues?: unknown }).getRandomValues;
  }
}
