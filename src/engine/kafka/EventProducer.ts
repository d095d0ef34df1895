/**
 * Teaching events into a topic at a chosen rate, as JSON, with controllable disorder and lateness: each
 * event's time is its send time minus a delay, a small random one for every event (`maxDisorderMs`: neighbours
 * swap places) and, for a share of them (`lateFraction`), a large one (up to `maxLatenessMs`: events that
 * arrive after a watermark has passed them). The record's Kafka timestamp stays the send time, so event time
 * and arrival time can be compared. Deterministic for a seed. The events are the engine's own small
 * clickstream unless `event` builds them (the notebook passes its data set's generator).
 * @example
 * const events = new EventProducer(new KafkaProducer(spark), { topic: "events", rowsPerSecond: 10, lateFraction: 0.1, maxLatenessMs: 60_000 });
 * events.start(); // ... events.stop();
 */
import { IllegalArgumentException } from "../errors/exceptions";
import type { KafkaProducer } from "./KafkaProducer";
import type { RecordMetadata } from "./KafkaRecord";

/** The default events' fields, as a DDL schema for `from_json(value, EVENT_JSON_SCHEMA)`. */
export const EVENT_JSON_SCHEMA =
  "user_id STRING, event_time TIMESTAMP, event_name STRING, traffic_source STRING, device STRING";

export interface EventProducerOptions {
  readonly topic: string;
  /** Events a second (default 5). */
  readonly rowsPerSecond?: number;
  /** Stop after this many events (default: until stop()). */
  readonly total?: number;
  /** Every event's time is up to this many milliseconds before its send time (default 0). */
  readonly maxDisorderMs?: number;
  /** The share of events, 0 to 1, that are late (default 0). */
  readonly lateFraction?: number;
  /** A late event's time is up to this many milliseconds before its send time (default 60 000). */
  readonly maxLatenessMs?: number;
  readonly seed?: number;
  /** Builds an event for its event time; `random` is the producer's seeded generator. */
  readonly event?: (eventTimeMs: number, index: number, random: () => number) => Record<string, unknown>;
  /** The record key of an event (default: its `user_id`, so one user's events share a partition). */
  readonly key?: (event: Record<string, unknown>) => string | null;
  /** Milliseconds since the epoch (tests pass their own). */
  readonly clock?: () => number;
}

const EVENT_NAMES = ["main", "add_item", "cart", "checkout", "finalize", "email_coupon", "warranty"];
const TRAFFIC_SOURCES = ["google", "facebook", "instagram", "email", "youtube", "direct"];
const DEVICES = ["macOS", "Windows", "iOS", "Android", "Linux"];

export class EventProducer {
  /** Events sent so far. */
  produced = 0;
  /** Events sent by tick(), on the rate's schedule (produceNow's are extra). */
  private ticked = 0;
  private readonly random: () => number;
  private readonly clock: () => number;
  private startedAt: number | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private sending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly producer: KafkaProducer,
    private readonly options: EventProducerOptions,
  ) {
    const { rowsPerSecond = 5, lateFraction = 0, maxDisorderMs = 0, maxLatenessMs = 60_000, total } = options;
    const check = (ok: boolean, what: string) => {
      if (!ok) throw new IllegalArgumentException(`EventProducer: ${what}`);
    };
    check(typeof options.topic === "string" && options.topic !== "", "a topic is required");
    check(
      Number.isFinite(rowsPerSecond) && rowsPerSecond > 0,
      `rowsPerSecond must be positive, got ${rowsPerSecond}`,
    );
    check(
      lateFraction >= 0 && lateFraction <= 1,
      `lateFraction must be between 0 and 1, got ${lateFraction}`,
    );
    check(maxDisorderMs >= 0, `maxDisorderMs must not be negative, got ${maxDisorderMs}`);
    check(maxLatenessMs >= 0, `maxLatenessMs must not be negative, got ${maxLatenessMs}`);
    check(
      total === undefined || (Number.isInteger(total) && total >= 0),
      `total must be a whole number, got ${total}`,
    );
    this.random = mulberry32(options.seed ?? 7);
    this.clock = options.clock ?? Date.now;
  }

  /** Sends what is due at `now` (rowsPerSecond since the first tick); resolves once it is in the topic. */
  tick(now: number = this.clock()): Promise<RecordMetadata[]> {
    this.startedAt ??= now;
    const rate = this.options.rowsPerSecond ?? 5;
    const due = Math.floor(((now - this.startedAt) / 1000) * rate) + 1;
    const limit = this.options.total ?? Number.POSITIVE_INFINITY;
    const sends: Promise<RecordMetadata>[] = [];
    while (this.ticked < due && this.produced < limit) {
      this.ticked += 1;
      sends.push(this.sendOne(now));
    }
    const all = Promise.all(sends);
    this.sending = all.catch(() => undefined);
    return all;
  }

  /** Sends `count` events now, on top of the rate (a first burst before start(), say). */
  produceNow(count: number, now: number = this.clock()): Promise<RecordMetadata[]> {
    return Promise.all(Array.from({ length: count }, () => this.sendOne(now)));
  }

  /** Ticks every `intervalMs` until stop() or `total` events. */
  start(intervalMs = 200): this {
    this.stop();
    this.timer = setInterval(() => {
      void this.tick().catch((error) => {
        this.stop();
        console.error("EventProducer stopped:", error);
      });
      if (this.options.total !== undefined && this.produced >= this.options.total) this.stop();
    }, intervalMs);
    return this;
  }

  /** Stops ticking; resolves once the events already sent are in the topic. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.sending;
  }

  get isActive(): boolean {
    return this.timer !== undefined;
  }

  private sendOne(now: number): Promise<RecordMetadata> {
    const { maxDisorderMs = 0, lateFraction = 0, maxLatenessMs = 60_000 } = this.options;
    const index = this.produced;
    this.produced += 1;
    let delay = Math.floor(this.random() * maxDisorderMs);
    if (this.random() < lateFraction) delay = Math.max(delay, Math.floor(this.random() * maxLatenessMs));
    const eventTime = now - delay;
    const event = (this.options.event ?? defaultEvent)(eventTime, index, this.random);
    const key = this.options.key
      ? this.options.key(event)
      : typeof event.user_id === "string"
        ? event.user_id
        : null;
    return this.producer.send({
      topic: this.options.topic,
      key,
      value: JSON.stringify(event),
      timestamp: now,
    });
  }
}

/** The engine's small clickstream: who, when, what, from where, on what. */
function defaultEvent(eventTimeMs: number, _index: number, random: () => number): Record<string, unknown> {
  const pick = (values: readonly string[]) => values[Math.floor(random() * values.length)];
  return {
    user_id: `UA${String(Math.floor(random() * 1e15)).padStart(15, "0")}`,
    event_time: new Date(eventTimeMs).toISOString(),
    event_name: pick(EVENT_NAMES),
    traffic_source: pick(TRAFFIC_SOURCES),
    device: pick(DEVICES),
  };
}

/** A small seeded generator of numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
