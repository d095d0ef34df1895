/** Test helper: the kernel as the worker runs it, on Node's platform, driven through its protocol. */
import { Kernel } from "./Kernel";
import type {
  FromKernel,
  KernelEvent,
  OutputItem,
  ReplyValue,
  Request,
  RequestOf,
  RequestType,
} from "./protocol";

export interface TestKernel {
  kernel: Kernel;
  /** Every event the kernel sent, in order. */
  events: KernelEvent[];
  request<K extends RequestType>(type: K, body: Omit<RequestOf<K>, "type" | "id">): Promise<ReplyValue<K>>;
  outputsOf(cellId: string): OutputItem[];
}

/** A kernel with its files under `fsRoot`; a failed request rejects with the kernel's error as `detail`. */
export function testKernel(fsRoot: string): TestKernel {
  const events: KernelEvent[] = [];
  const waiting = new Map<number, (m: FromKernel) => void>();
  const kernel = new Kernel(
    (message) => {
      if (message.type === "reply") waiting.get(message.id)?.(message);
      else events.push(message);
    },
    { fsRoot },
  );
  let nextId = 0;
  return {
    kernel,
    events,
    async request(type, body) {
      nextId += 1;
      const id = nextId;
      const reply = new Promise<FromKernel>((resolve) => waiting.set(id, resolve));
      await kernel.handle({ ...body, type, id } as unknown as Request);
      const message = await reply;
      if (message.type !== "reply") throw new Error("not a reply");
      if (!message.ok) throw Object.assign(new Error(message.error.message), { detail: message.error });
      return message.value as ReplyValue<typeof type>;
    },
    outputsOf: (cellId) =>
      events.flatMap((e) => (e.type === "output" && e.cellId === cellId ? [e.item] : [])),
  };
}
