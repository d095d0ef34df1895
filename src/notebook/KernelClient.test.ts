import { describe, expect, it } from "vitest";
import type { FromKernel, Request } from "../kernel/protocol";
import { KernelClient, KernelRequestError } from "./KernelClient";

/** A worker stand-in: answers `init`, fails `fs.read`, and sends an event with every reply. */
class FakeWorker extends EventTarget {
  terminated = false;
  posted: Request[] = [];
  send(data: FromKernel): void {
    this.dispatchEvent(new MessageEvent("message", { data }));
  }
  postMessage(message: Request): void {
    this.posted.push(message);
    const send = (data: FromKernel) => this.send(data);
    queueMicrotask(() => {
      send({ type: "loading", stage: "Ready", fraction: 1 });
      if (message.type === "init") {
        send({
          type: "reply",
          id: message.id,
          ok: true,
          value: { duckdbVersion: "v1.4.3", storage: "memory" },
        });
      } else if (message.type === "fs.read") {
        send({
          type: "reply",
          id: message.id,
          ok: false,
          error: { name: "FileNotFoundError", message: `File ${message.path} does not exist` },
        });
      }
    });
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe("kernel client", () => {
  it("matches replies to requests and passes events on", async () => {
    const worker = new FakeWorker();
    const client = new KernelClient(worker as unknown as Worker);
    const seen: string[] = [];
    client.onEvents((events) => seen.push(...events.map((e) => e.type)));
    expect(await client.request("init", {})).toEqual({
      duckdbVersion: "v1.4.3",
      storage: "memory",
    });
    expect(worker.posted[0]).toEqual({ type: "init", id: 1 });
    const failure = await client.request("fs.read", { path: "/nope" }).catch((e) => e);
    expect(failure).toBeInstanceOf(KernelRequestError);
    expect(failure.name).toBe("FileNotFoundError");
    expect(failure.detail.message).toBe("File /nope does not exist");
    expect(seen).toEqual(["loading", "loading"]);
  });

  it("delivers a burst of events as one batch, and before the reply that came after them", async () => {
    const worker = new FakeWorker();
    const client = new KernelClient(worker as unknown as Worker);
    const batches: string[][] = [];
    client.onEvents((events) =>
      batches.push(events.map((e) => (e.type === "drip" ? `drip ${e.state.written}` : e.type))),
    );
    const drip = (written: number) => ({ active: true, dir: "/d", everySeconds: 1, written, total: 9 });
    for (let i = 1; i <= 3; i++) worker.send({ type: "drip", state: drip(i) });
    expect(batches).toEqual([]);
    await expect.poll(() => batches).toEqual([["drip 1", "drip 2", "drip 3"]]);
    worker.send({ type: "fs.changed", path: "/d" });
    const reply = client.request("init", {});
    await reply;
    // The event sent before the request was answered is delivered first, with the one sent with the reply.
    expect(batches).toEqual([
      ["drip 1", "drip 2", "drip 3"],
      ["fs.changed", "loading"],
    ]);
  });

  it("rejects pending and later requests once terminated", async () => {
    const worker = new FakeWorker();
    const client = new KernelClient(worker as unknown as Worker);
    const pending = client.request("run", { cellId: "a", code: "while (true) {}", language: "typescript" });
    client.terminate();
    expect(worker.terminated).toBe(true);
    await expect(pending).rejects.toThrow("The kernel was restarted");
    await expect(client.request("init", {})).rejects.toThrow("The kernel was restarted");
  });
});
