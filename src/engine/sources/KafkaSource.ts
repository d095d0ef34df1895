/**
 * Spark's Kafka source (KafkaMicroBatchStream) over the in-browser cluster. Offsets are Spark's JSON,
 * `{"topic":{"0":N}}`, N being the next offset to read (Kafka's position), so the checkpoint's offsets/N read
 * as Spark's. The starting offsets are fixed when the query first starts and kept in `sources/<i>/0` (Spark's
 * KafkaSourceInitialOffsetWriter); a restart resumes from the checkpoint, never from `startingOffsets`. Rate
 * limits as Spark's: `maxOffsetsPerTrigger` splits what is available across partitions in proportion to
 * their backlog; `minOffsetsPerTrigger` waits for that many records, at most `maxTriggerDelay`.
 */
import { CorruptCheckpointError } from "../errors/exceptions";
import { FileNotFoundError, joinPath } from "../io/FileSystem";
import { KafkaCluster } from "../kafka/KafkaCluster";
import type { KafkaContext } from "../kafka/KafkaContext";
import { type BatchLoader, loadRanges } from "../kafka/KafkaDataConsumer";
import {
  IllegalStateException,
  INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE,
  INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_TRUE,
} from "../kafka/KafkaExceptions";
import { KafkaOffsetReader } from "../kafka/KafkaOffsetReader";
import { type KafkaReadOptions, kafkaSchema, validateStreamOptions } from "../kafka/KafkaSourceProvider";
import {
  type PartitionOffsetMap,
  parsePartitionOffsets,
  partitionOffsetsJson,
} from "../kafka/TopicPartition";
import type { StructType } from "../sql/types";
import { EMPTY_BATCH, type ReadLimit, type Source, type SourceBatch } from "./Source";

export interface KafkaSourceParams {
  /** The session: its file system, conf, DuckDB and file reader. */
  readonly session: KafkaContext & BatchLoader;
  /** The reader's options, as `readStream.format("kafka").option(...)` collected them. */
  readonly options: Readonly<Record<string, string>>;
  /** The source's directory in the checkpoint (`sources/<i>`). */
  readonly metadataDir: string;
  /** Milliseconds since the epoch, for maxTriggerDelay (tests pass their own). */
  readonly clock?: () => number;
  /** Where the source's warnings go (ignored options, skipped data); the console by default. */
  readonly log?: (message: string) => void;
}

export class KafkaSource implements Source {
  readonly description: string;
  readonly schema: StructType;
  readonly options: KafkaReadOptions;
  private readonly reader: KafkaOffsetReader;
  private readonly clock: () => number;
  private readonly log: (message: string) => void;
  private readonly groupId: string;
  private initialOffsets: { offsets: Map<string, number>; written: boolean } | undefined;
  /** The latest offsets seen by the last latestOffset call (Spark's latestPartitionOffsets). */
  private latestPartitionOffsets: Map<string, number> | undefined;
  private allDataForTriggerAvailableNow: Map<string, number> | undefined;
  private isTriggerAvailableNow = false;
  private lastTriggerMillis = 0;

  constructor(private readonly p: KafkaSourceParams) {
    this.options = validateStreamOptions(p.options);
    this.schema = kafkaSchema(this.options.includeHeaders);
    this.reader = new KafkaOffsetReader(
      KafkaCluster.of(p.session.fs, this.options.servers),
      this.options.strategy,
    );
    this.description = `KafkaV2[${this.reader.description}]`;
    this.clock = p.clock ?? Date.now;
    this.log = p.log ?? ((message) => console.warn(message));
    this.groupId = `spark-kafka-source-${crypto.randomUUID()}-${javaHashCode(p.metadataDir)}-executor`;
    if (this.options.ignored.length > 0)
      this.log(
        `${this.description}: options not honoured by Sluice's in-browser Kafka (accepted and ignored): ${this.options.ignored.join(", ")}`,
      );
  }

  /**
   * Before the query starts: the topics must exist (Kafka's describeTopics), a restarted query's starting
   * offsets must be readable, and a new query's are decided now ("latest" is the latest at start()). Nothing
   * is written until the first trigger, so a query refused after this leaves no trace.
   */
  async validate(): Promise<void> {
    await this.reader.assignedKeys();
    await this.initialPartitionOffsets();
  }

  async latestOffset(start: string | undefined, limit: ReadLimit): Promise<string | undefined> {
    const initial = await this.getOrCreateInitialPartitionOffsets();
    const startOffsets = start === undefined ? initial : parsePartitionOffsets(start);
    let latest: Map<string, number>;
    if (this.isTriggerAvailableNow) {
      this.allDataForTriggerAvailableNow ??= await this.reader.fetchLatestOffsets();
      latest = this.allDataForTriggerAvailableNow;
    } else {
      latest = await this.reader.fetchLatestOffsets();
    }
    this.latestPartitionOffsets = latest;
    let offsets: PartitionOffsetMap = latest;
    const { minOffsetsPerTrigger, maxOffsetsPerTrigger, maxTriggerDelayMs } = this.options;
    if (limit !== "all") {
      if (
        minOffsetsPerTrigger !== undefined &&
        this.delayBatch(minOffsetsPerTrigger, latest, startOffsets, maxTriggerDelayMs)
      ) {
        offsets = startOffsets;
      } else if (maxOffsetsPerTrigger !== undefined) {
        offsets = await this.rateLimit(maxOffsetsPerTrigger, startOffsets, latest);
      }
    }
    if (offsets.size === 0) return start;
    const json = partitionOffsetsJson(offsets);
    // Before the first batch, "nothing new" is the starting offsets themselves.
    if (start === undefined && json === partitionOffsetsJson(initial)) return undefined;
    return json;
  }

  reportLatestOffset(): string | undefined {
    const latest = this.latestPartitionOffsets;
    return latest && latest.size > 0 ? partitionOffsetsJson(latest) : undefined;
  }

  async getBatch(start: string | undefined, end: string): Promise<SourceBatch> {
    const from =
      start === undefined ? await this.getOrCreateInitialPartitionOffsets() : parsePartitionOffsets(start);
    const until = parsePartitionOffsets(end);
    const ranges = await this.reader.getOffsetRangesFromResolvedOffsets(from, until, (m) =>
      this.reportDataLoss(m),
    );
    if (ranges.every((r) => r.untilOffset <= r.fromOffset)) return EMPTY_BATCH;
    return loadRanges(this.reader.cluster, this.p.session, ranges, {
      failOnDataLoss: this.options.failOnDataLoss,
      includeHeaders: this.options.includeHeaders,
      groupId: this.groupId,
      warn: this.log,
    });
  }

  async commit(): Promise<void> {}

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.isTriggerAvailableNow = true;
  }

  async stop(): Promise<void> {}

  /** Spark's KafkaMicroBatchStream.metrics: how far behind the latest offsets the batch's end is. */
  metrics(end: string | undefined): Record<string, string> {
    const latest = this.latestPartitionOffsets;
    if (end === undefined || !latest) return {};
    const consumed = parsePartitionOffsets(end);
    const behind = [...latest].map(([tp, offset]) => offset - (consumed.get(tp) ?? 0));
    if (behind.length === 0) return {};
    return {
      minOffsetsBehindLatest: String(Math.min(...behind)),
      maxOffsetsBehindLatest: String(Math.max(...behind)),
      avgOffsetsBehindLatest: javaDouble(behind.reduce((a, b) => a + b, 0) / behind.length),
    };
  }

  /** Spark's getOrCreateInitialPartitionOffsets: read from the checkpoint, or decided and written there. */
  private async getOrCreateInitialPartitionOffsets(): Promise<Map<string, number>> {
    const { offsets, written } = await this.initialPartitionOffsets();
    if (!written) {
      // As Spark's KafkaSourceInitialOffsetWriter: a zero byte (for Spark 2.1.0), the version, the offsets.
      await this.p.session.fs.createFile(
        this.initialOffsetsPath(),
        `\u0000v1\n${partitionOffsetsJson(offsets)}`,
      );
      this.initialOffsets = { offsets, written: true };
    }
    return offsets;
  }

  /** The starting offsets: those in the checkpoint, or the `startingOffsets` option resolved (once). */
  private async initialPartitionOffsets(): Promise<{ offsets: Map<string, number>; written: boolean }> {
    if (this.initialOffsets) return this.initialOffsets;
    const path = this.initialOffsetsPath();
    let text: string | undefined;
    try {
      text = new TextDecoder().decode(await this.p.session.fs.readFile(path));
    } catch (error) {
      if (!(error instanceof FileNotFoundError)) throw error;
    }
    if (text !== undefined) {
      this.initialOffsets = { offsets: parseInitialOffsets(text, path), written: true };
      return this.initialOffsets;
    }
    const limit = this.options.startingOffsets;
    let offsets: Map<string, number>;
    switch (limit.kind) {
      case "earliest":
        offsets = await this.reader.fetchEarliestOffsets();
        break;
      case "latest":
        offsets = await this.reader.fetchLatestOffsets();
        break;
      case "specific":
        offsets = await this.reader.fetchSpecificOffsets(limit.partitionOffsets);
        break;
      case "specificTimestamp":
        offsets = await this.reader.fetchSpecificTimestampBasedOffsets(
          limit.topicTimestamps,
          true,
          limit.strategyOnNoMatch,
        );
        break;
      case "globalTimestamp":
        offsets = await this.reader.fetchGlobalTimestampBasedOffsets(
          limit.timestamp,
          true,
          limit.strategyOnNoMatch,
        );
        break;
    }
    this.initialOffsets = { offsets, written: false };
    return this.initialOffsets;
  }

  private initialOffsetsPath(): string {
    return joinPath(this.p.metadataDir, "0");
  }

  /** Spark's delayBatch: whether to wait for more than minOffsetsPerTrigger records, within maxTriggerDelay. */
  private delayBatch(
    minLimit: number,
    latest: PartitionOffsetMap,
    current: PartitionOffsetMap,
    maxTriggerDelayMs: number,
  ): boolean {
    const now = this.clock();
    if (now - this.lastTriggerMillis >= maxTriggerDelayMs) {
      this.lastTriggerMillis = now;
      return false;
    }
    let newRecords = 0;
    for (const [tp, offset] of latest) newRecords += offset - (current.get(tp) ?? 0);
    if (newRecords < minLimit) return true;
    this.lastTriggerMillis = now;
    return false;
  }

  /** Spark's rateLimit: `limit` offsets shared among partitions in proportion to their backlog. */
  private async rateLimit(
    limit: number,
    from: PartitionOffsetMap,
    until: PartitionOffsetMap,
  ): Promise<PartitionOffsetMap> {
    const newKeys = [...until.keys()].filter((k) => !from.has(k));
    const fromNew =
      newKeys.length > 0 ? await this.reader.fetchEarliestOffsets(newKeys) : new Map<string, number>();
    const sizes = new Map<string, number>();
    for (const [tp, end] of until) {
      const begin = from.get(tp) ?? fromNew.get(tp);
      if (begin !== undefined && end - begin > 0) sizes.set(tp, end - begin);
    }
    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    if (total < 1) return until;
    const out = new Map<string, number>();
    for (const [tp, end] of until) {
      const size = sizes.get(tp);
      if (size === undefined) {
        out.set(tp, end);
        continue;
      }
      const begin = from.get(tp) ?? fromNew.get(tp)!;
      const prorate = limit * (size / total);
      // Small partitions are not starved: a share under one offset rounds up.
      const prorateLong = prorate < 1 ? Math.ceil(prorate) : Math.floor(prorate);
      out.set(tp, Math.min(end, begin + prorateLong));
    }
    return out;
  }

  /** Spark's reportDataLoss: an IllegalStateException with failOnDataLoss, otherwise a warning. */
  private reportDataLoss(message: string): void {
    if (this.options.failOnDataLoss)
      throw new IllegalStateException(`${message}. ${INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_TRUE}`);
    this.log(`${message}. ${INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE}`);
  }
}

/** Spark's KafkaSourceInitialOffsetWriter.deserialize: an optional zero byte, "v1", the offsets' JSON. */
function parseInitialOffsets(text: string, path: string): Map<string, number> {
  const content = text.startsWith("\u0000") ? text.slice(1) : text;
  if (content === "") throw new CorruptCheckpointError(path, "the Kafka source's initial offsets are empty");
  let json = content;
  if (content.startsWith("v")) {
    const newline = content.indexOf("\n");
    if (newline <= 0)
      throw new CorruptCheckpointError(
        path,
        "Log file was malformed: failed to detect the log file version line",
      );
    const version = content.slice(0, newline);
    if (version !== "v1")
      throw new CorruptCheckpointError(path, `its version ${version} is not v1 (written by a newer Spark?)`);
    json = content.slice(newline + 1);
  }
  try {
    return parsePartitionOffsets(json);
  } catch (error) {
    throw new CorruptCheckpointError(path, (error as Error).message, error);
  }
}

/** Java's String.hashCode, as Spark's group id takes it of the checkpoint path. */
function javaHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** A double as Java prints it: "2.0", "2.5". */
function javaDouble(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}
