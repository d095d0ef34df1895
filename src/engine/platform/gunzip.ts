/**
 * A response body decoded with the browser's DecompressionStream as it arrives, if it is gzip: a file the build
 * wrote as `.gz` (vite.config.ts) comes as it is from a static host, or already decoded from a host that sends
 * it with `Content-Encoding: gzip`. The first two bytes (gzip's magic number) tell which.
 */
export async function gunzipIfCompressed(
  body: ReadableStream<Uint8Array<ArrayBuffer>>,
): Promise<{ stream: ReadableStream<Uint8Array>; gzip: boolean }> {
  const reader = body.getReader();
  const first = await reader.read();
  const whole = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const gzip = !first.done && first.value[0] === 0x1f && first.value[1] === 0x8b;
  return { stream: gzip ? whole.pipeThrough(new DecompressionStream("gzip")) : whole, gzip };
}
