import { resourceNotLoaded } from "../errors/QueryExecutionErrors";
import { gunzipIfCompressed } from "./gunzip";

/** The Cache API cache that keeps decoded WebAssembly modules between visits. */
const CACHE = "sluice-wasm";

/**
 * A WebAssembly module's response, for `WebAssembly.compileStreaming` (or a loader that calls it), kept decoded in
 * the Cache API so a second visit neither downloads nor decodes it: Chromium code-caches a module compiled by
 * streaming from a Cache API response (never from a constructed `Response`), so from the second visit on it
 * also skips most of compiling. The first visit fetches the `.gz` the build writes beside the module
 * (vite.config.ts), stores it decoded, then compiles from the stored copy, which is what gets code-cached.
 * Asset URLs carry a content hash, so an entry never goes stale; other builds' entries are dropped. Where the
 * Cache API is missing (an insecure origin, a browser's private mode may refuse it) the decoded stream is
 * compiled as it arrives.
 */
export async function wasmResponse(url: string): Promise<Response> {
  const cache = await openCache();
  if (!cache) return fetchWasm(url);
  const hit = await cache.match(url);
  if (hit) return hit;
  const fetched = await fetchWasm(url);
  try {
    await cache.put(url, fetched);
  } catch {
    // Over quota, or the cache went away while storing: fetch again and compile as it arrives.
    return fetchWasm(url);
  }
  void dropOtherBuilds(cache, url);
  return (await cache.match(url)) ?? fetchWasm(url);
}

async function openCache(): Promise<Cache | undefined> {
  if (typeof caches === "undefined" || import.meta.env?.DEV) return undefined;
  return caches.open(CACHE).catch(() => undefined);
}

/** Entries of the same module from earlier builds (another hash in the name), so the cache holds one copy. */
async function dropOtherBuilds(cache: Cache, url: string): Promise<void> {
  const stem = moduleStem(url);
  for (const request of await cache.keys()) {
    if (request.url !== url && moduleStem(request.url) === stem) await cache.delete(request);
  }
}

/** `…/assets/duckdb-eh-9ubY-jlA.wasm` → `…/assets/duckdb-eh`: the name without Vite's content hash. */
function moduleStem(url: string): string {
  return url.replace(/-[\w-]{8}\.wasm$/, "");
}

/**
 * The module fetched from the gzip file beside it: a quarter of the bytes from a static host that does not
 * compress, decoded by the browser's DecompressionStream as they arrive. A host that sends the .gz with
 * `Content-Encoding: gzip` has had it decoded by the browser already (the first bytes tell); without the .gz
 * (Vite's dev server, a copy that lost it) the module itself is fetched.
 */
async function fetchWasm(url: string): Promise<Response> {
  const gz = import.meta.env?.DEV ? undefined : await fetch(`${url}.gz`).catch(() => undefined);
  if (!gz?.ok || !gz.body) {
    const plain = await fetch(url);
    if (!plain.ok) throw resourceNotLoaded(url, plain.status);
    return plain;
  }
  const headers = { "Content-Type": "application/wasm" };
  return new Response((await gunzipIfCompressed(gz.body)).stream, { headers });
}
