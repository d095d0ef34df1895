import { describe, expect, it } from "vitest";
import { MemoryFileSystem } from "../io/MemoryFileSystem";
import { RuntimeConfig } from "../session/RuntimeConfig";
import { EventProducer } from "./EventProducer";
import { KafkaCluster } from "./KafkaCluster";
import type { KafkaContext } from "./KafkaContext";
import { KafkaProducer } from "./KafkaProducer";

const context = (): KafkaContext => ({ fs: new MemoryFileSystem(), conf: new RuntimeConfig() });
const T0 = Date.now();

async function events(c: KafkaContext, topic = "events") {
  const records = await KafkaCluster.of(c.fs).read(topic, 0, 0, 100_000);
  return records.map((r) => ({
    sent: r.timestamp,
    key: new TextDecoder().decode(r.key!),
    event: JSON.parse(new TextDecoder().decode(r.value!)) as Record<string, string>,
  }));
}

describe("EventProducer", () => {
  it("sends rowsPerSecond events a second as JSON, keyed by user, up to total", async () => {
    const c = context();
    const producer = new EventProducer(new KafkaProducer(c), {
      topic: "events",
      rowsPerSecond: 10,
      total: 25,
    });
    expect(await producer.tick(T0)).toHaveLength(1);
    expect(await producer.tick(T0 + 1000)).toHaveLength(10);
    expect(await producer.tick(T0 + 5000)).toHaveLength(14);
    expect(producer.produced).toBe(25);
    const sent = await events(c);
    expect(sent).toHaveLength(25);
    expect(Object.keys(sent[0].event)).toEqual([
      "user_id",
      "event_time",
      "event_name",
      "traffic_source",
      "device",
    ]);
    for (const s of sent) expect(s.key).toBe(s.event.user_id);
    // Without disorder or lateness, event time is the send time.
    for (const s of sent) expect(Date.parse(s.event.event_time)).toBe(s.sent);
  });

  it("keeps to the rate after a burst sent with produceNow", async () => {
    const c = context();
    const producer = new EventProducer(new KafkaProducer(c), {
      topic: "events",
      rowsPerSecond: 10,
      total: 30,
    });
    expect(await producer.produceNow(20, T0)).toHaveLength(20);
    expect(await producer.tick(T0)).toHaveLength(1);
    expect(await producer.tick(T0 + 500)).toHaveLength(5);
    // `total` counts every event: the burst's too.
    expect(await producer.tick(T0 + 2000)).toHaveLength(4);
    expect(producer.produced).toBe(30);
  });

  it("makes a share of events late and every event a little out of order, the same for a seed", async () => {
    const run = async () => {
      const c = context();
      const producer = new EventProducer(new KafkaProducer(c), {
        topic: "events",
        seed: 3,
        maxDisorderMs: 2000,
        lateFraction: 0.25,
        maxLatenessMs: 60_000,
      });
      for (let i = 0; i < 400; i++) await producer.produceNow(1, T0 + i * 100);
      return (await events(c)).map((s) => ({ delay: s.sent - Date.parse(s.event.event_time), ...s }));
    };
    const sent = await run();
    for (const s of sent) expect(s.delay).toBeGreaterThanOrEqual(0);
    for (const s of sent) expect(s.delay).toBeLessThan(60_000);
    const late = sent.filter((s) => s.delay >= 2000).length;
    expect(late / sent.length).toBeGreaterThan(0.15);
    expect(late / sent.length).toBeLessThan(0.3);
    const times = sent.map((s) => Date.parse(s.event.event_time));
    expect(times.some((t, i) => i > 0 && t < times[i - 1])).toBe(true);
    expect((await run()).map((s) => s.event)).toEqual(sent.map((s) => s.event));
  });

  it("builds events with the given function and refuses bad settings", async () => {
    const c = context();
    const producer = new EventProducer(new KafkaProducer(c), {
      topic: "custom",
      event: (time, index) => ({ id: index, at: time }),
      key: (e) => String(e.id),
    });
    await producer.produceNow(2, T0);
    expect((await events(c, "custom")).map((s) => [s.key, s.event])).toEqual([
      ["0", { id: 0, at: T0 }],
      ["1", { id: 1, at: T0 }],
    ]);
    const make = (o: object) => () => new EventProducer(new KafkaProducer(c), { topic: "t", ...o });
    expect(make({ rowsPerSecond: 0 })).toThrow("EventProducer: rowsPerSecond must be positive, got 0");
    expect(make({ lateFraction: 2 })).toThrow("lateFraction must be between 0 and 1, got 2");
  });
});
