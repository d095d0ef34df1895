import type { FromKernel, KernelError, KernelEvent, ReplyValue, RequestOf, RequestType } from "./protocol";

/** An error the kernel sent back, with its Spark name and cell position. */
export class KernelRequestError extends Error {
  constructor(readonly detail: KernelError) {
    super(detail.message);
    this.name = detail.name;
  }
}

type Body<K extends RequestType> = Omit<RequestOf<K>, "type" | "id">;

/**
 * The UI side of the kernel: typed requests that resolve with the kernel's reply, and a stream of events.
 * `terminate()` ends the worker even when it is stuck in a DuckDB call (no SharedArrayBuffer means no other
 * way to stop it); pending requests then reject.
 */
export class KernelClient {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(event: KernelEvent) => void>();
  private terminated = false;

  constructor(private readonly worker: Worker) {
    worker.addEventListener("message", (event: MessageEvent<FromKernel>) => this.receive(event.data));
    worker.addEventListener("error", (event) => {
      this.failAll(new Error(`The kernel crashed: ${event.message || "unknown error"}`));
    });
  }

  static start(): KernelClient {
    return new KernelClient(
      new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "sluice-kernel" }),
    );
  }

  request<K extends RequestType>(
    type: K,
    body: Body<K>,
    transfer: Transferable[] = [],
  ): Promise<ReplyValue<K>> {
    if (this.terminated) return Promise.reject(new Error("The kernel was restarted"));
    this.nextId += 1;
    const id = this.nextId;
    return new Promise<ReplyValue<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...body, type, id }, transfer);
    });
  }

  onEvent(listener: (event: KernelEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminate(): void {
    this.terminated = true;
    this.worker.terminate();
    this.failAll(new Error("The kernel was restarted"));
    this.listeners.clear();
  }

  private receive(message: FromKernel): void {
    if (message.type !== "reply") {
      for (const listener of this.listeners) listener(message);
      return;
    }
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new KernelRequestError(message.error));
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
