/// <reference lib="webworker" />

import { gunzipIfCompressed } from "../engine/platform/gunzip";
import kernelScript from "./worker.ts?worker&url";

/**
 * The kernel worker's first script: a few hundred bytes that load the kernel (worker.ts, built as one
 * self-contained 2.5 MB bundle) from the gzip file the build writes beside it (vite.config.ts), so a static host
 * that does not compress sends a quarter of the bytes. The browser's DecompressionStream decodes it and the
 * kernel runs as a module imported from a `blob:` URL; the build points the kernel's `import.meta.url` at the
 * real script's URL (`self.sluiceKernelURL`, set here) so its .wasm and Pyodide files resolve under any
 * sub-path. A host that sends the .gz with `Content-Encoding: gzip` has had it decoded already (the first
 * bytes tell); without the .gz (Vite's dev server, a copy that lost it) the kernel's script is imported as it
 * is. Messages that arrive while the kernel loads are held and handed to it once it listens.
 */
declare const self: DedicatedWorkerGlobalScope & { sluiceKernelURL?: string };

const held: MessageEvent[] = [];
const hold = (event: MessageEvent) => {
  event.stopImmediatePropagation();
  held.push(event);
};
self.addEventListener("message", hold);

void load().then(
  () => {
    self.removeEventListener("message", hold);
    for (const event of held.splice(0))
      self.dispatchEvent(new MessageEvent("message", { data: event.data, ports: [...event.ports] }));
  },
  (error: unknown) => {
    // Uncaught, so the page's Worker gets an "error" event (the kernel crashed).
    setTimeout(() => {
      throw error;
    });
  },
);

async function load(): Promise<void> {
  const url = new URL(kernelScript, self.location.href).href;
  performance.mark("sluice:kernel-fetch");
  const code = import.meta.env.DEV ? undefined : await fetchDecoded(`${url}.gz`).catch(() => undefined);
  if (code === undefined) {
    await import(/* @vite-ignore */ url);
    return;
  }
  performance.mark("sluice:kernel-decoded");
  self.sluiceKernelURL = url;
  const blob = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  try {
    await import(/* @vite-ignore */ blob);
  } finally {
    URL.revokeObjectURL(blob);
  }
}

/**
 * The text of a gzip file, decoded as it arrives; undefined when it is not there (a host that answers a missing
 * file with its index page included).
 */
async function fetchDecoded(url: string): Promise<string | undefined> {
  const response = await fetch(url);
  if (!response.ok || !response.body) return undefined;
  const { stream, gzip } = await gunzipIfCompressed(response.body);
  if (!gzip && /html/.test(response.headers.get("Content-Type") ?? "")) {
    void stream.cancel();
    return undefined;
  }
  return new Response(stream).text();
}
