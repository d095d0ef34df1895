import type {
  FromKernel,
  KernelError,
  KernelEvent,
  ReplyValue,
  RequestOf,
  RequestType,
} from "../kernel/protocol";

/** An error the kernel sent back, with its Spark name and cell position. */
export class KernelRequestError extends Error {
  constructor(readonly detail: KernelError) {
    super(detail.message);
    this.name = detail.name;
  }
}

type Body<K extends RequestType> = Omit<RequestOf<K>, "type" | "id">;

/**
 * The UI side of the kernel: typed requests that resolve with the kernel's reply, and the kernel's events in
 * batches, at most one per animation frame (a query at 10 triggers a second, or a cell printing in a loop, costs
 * one render per frame, not one per message). Events that came before a reply are delivered before it resolves,
 * so the UI sees them in the kernel's order. `terminate()` ends the worker even when it is stuck in a DuckDB call
 * (no SharedArrayBuffer means no other way to stop it); pending requests then reject.
 */
export class KernelClient {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(events: readonly KernelEvent[]) => void>();
  private queued: KernelEvent[] = [];
  private cancelFlush: (() => void) | undefined;
  private terminated = false;

  constructor(private readonly worker: Worker) {
    worker.addEventListener("message", (event: MessageEvent<FromKernel>) => this.receive(event.data));
    worker.addEventListener("error", (event) => {
      this.failAll(new Error(`The kernel crashed: ${event.message || "unknown error"}`));
    });
  }

  static start(): KernelClient {
    return new KernelClient(
      new Worker(new URL("../kernel/loader.ts", import.meta.url), { type: "module", name: "sluice-kernel" }),
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

  onEvents(listener: (events: readonly KernelEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminate(): void {
    this.terminated = true;
    this.worker.terminate();
    this.cancelFlush?.();
    this.queued = [];
    this.failAll(new Error("The kernel was restarted"));
    this.listeners.clear();
  }

  private receive(message: FromKernel): void {
    if (message.type !== "reply") {
      this.queued.push(message);
      this.cancelFlush ??= nextFrame(() => this.flush());
      return;
    }
    this.flush();
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new KernelRequestError(message.error));
  }

  private flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    if (this.queued.length === 0) return;
    const events = this.queued;
    this.queued = [];
    for (const listener of this.listeners) listener(events);
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

/**
 * Runs `f` at the next animation frame, or after a short while where frames do not come (a hidden tab has none,
 * and its state must still follow the kernel). Returns a function that cancels it.
 */
function nextFrame(f: () => void): () => void {
  const timer = setTimeout(f, FRAME_FALLBACK_MS);
  const frame = typeof requestAnimationFrame === "function" ? requestAnimationFrame(f) : undefined;
  return () => {
    clearTimeout(timer);
    if (frame !== undefined) cancelAnimationFrame(frame);
  };
}

/** Frames come every 16 ms in a visible tab; this only matters where they do not. */
const FRAME_FALLBACK_MS = 100;
