/**
 * Kafka's Log for one topic partition: segment files in the partition's directory (LogSegment.ts), appended to
 * at the end, read by offset range, trimmed from the front by retention. The log keeps its active (last)
 * segment in memory; closed segments are read when a range needs them (the last few stay decoded). Every
 * operation first compares the directory with what the log holds, so a segment written by another session on
 * the same storage (a restarted process, a second tab) is picked up.
 */
import { FileNotFoundError, type FileSystem, joinPath } from "../io/FileSystem";
import {
  baseOffsetOf,
  decodeSegment,
  emptySegment,
  encodeRecords,
  type LogRecord,
  segmentFileName,
} from "./LogSegment";
import type { TopicConfig } from "./TopicConfig";

interface SegmentEntry {
  readonly baseOffset: number;
  readonly path: string;
  size: number;
}

/** A record to append: the log gives it its offset. */
export type NewRecord = Omit<LogRecord, "offset">;

/** Closed segments kept decoded, most recently read last. */
const DECODED_SEGMENTS = 4;

export class PartitionLog {
  private segments: SegmentEntry[] = [];
  /** The active segment's bytes and records, in step with its file. */
  private active: { bytes: Uint8Array; records: LogRecord[] } | undefined;
  private readonly decoded = new Map<string, { size: number; records: LogRecord[] }>();
  /** The newest timestamp of each closed segment, for time-based retention. */
  private readonly maxTimestamps = new Map<string, number>();
  /** Operations run one at a time: an append and a read never see each other half done. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly fs: FileSystem,
    readonly dir: string,
  ) {}

  /** Runs `f` after every operation queued before it. */
  private exclusive<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(f, f);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The first offset still in the log (Kafka's log start offset). */
  logStartOffset(): Promise<number> {
    return this.exclusive(async () => {
      await this.refresh();
      return this.segments[0]?.baseOffset ?? 0;
    });
  }

  /** The offset the next record will get (Kafka's log end offset, the "latest" offset). */
  logEndOffset(): Promise<number> {
    return this.exclusive(async () => {
      await this.refresh();
      return this.endOffset();
    });
  }

  /** Both ends at once. */
  offsets(): Promise<{ start: number; end: number }> {
    return this.exclusive(async () => {
      await this.refresh();
      return { start: this.segments[0]?.baseOffset ?? 0, end: this.endOffset() };
    });
  }

  /**
   * Appends records (one file write), rolling a new segment first where the active one would grow past
   * `segment.bytes`, then applies retention. Returns the offset of the first record.
   */
  append(records: readonly NewRecord[], config: TopicConfig, now: number): Promise<number> {
    return this.exclusive(async () => {
      await this.refresh();
      const base = this.endOffset();
      if (records.length === 0) return base;
      const encoded = encodeRecords(records.map((r, i) => ({ ...r, offset: base + i })));
      let active = this.activeSegment();
      if (
        !active ||
        (this.active!.records.length > 0 && active.size + encoded.length > config["segment.bytes"])
      ) {
        active = await this.roll(base);
      }
      const bytes = new Uint8Array(this.active!.bytes.length + encoded.length);
      bytes.set(this.active!.bytes);
      bytes.set(encoded, this.active!.bytes.length);
      await this.fs.writeFile(active.path, bytes);
      active.size = bytes.length;
      this.active!.bytes = bytes;
      records.forEach((r, i) => {
        this.active!.records.push({ ...r, offset: base + i });
      });
      await this.retain(config, now);
      return base;
    });
  }

  /** The records with offsets in [from, until) that are still in the log, in offset order. */
  read(from: number, until: number): Promise<LogRecord[]> {
    return this.exclusive(async () => {
      await this.refresh();
      const out: LogRecord[] = [];
      for (let i = 0; i < this.segments.length; i++) {
        const segment = this.segments[i];
        const segmentEnd = i + 1 < this.segments.length ? this.segments[i + 1].baseOffset : this.endOffset();
        if (segmentEnd <= from || segment.baseOffset >= until) continue;
        const records = await this.recordsOf(i);
        const lo = Math.max(from, segment.baseOffset) - segment.baseOffset;
        const hi = Math.min(until, segmentEnd) - segment.baseOffset;
        for (let j = lo; j < hi; j++) out.push(records[j]);
      }
      return out;
    });
  }

  /**
   * Kafka's ListOffsets for a timestamp: the earliest offset whose record has a timestamp at or after
   * `timestamp`, or undefined where no record has.
   */
  offsetForTimestamp(timestamp: number): Promise<number | undefined> {
    return this.exclusive(async () => {
      await this.refresh();
      for (let i = 0; i < this.segments.length; i++) {
        const found = (await this.recordsOf(i)).find((r) => r.timestamp >= timestamp);
        if (found) return found.offset;
      }
      return undefined;
    });
  }

  /** Deletes the segments retention no longer keeps (Kafka's log cleaner, run on demand). */
  enforceRetention(config: TopicConfig, now: number): Promise<void> {
    return this.exclusive(async () => {
      await this.refresh();
      await this.retain(config, now);
    });
  }

  /** The total size of the partition's segment files. */
  size(): Promise<number> {
    return this.exclusive(async () => {
      await this.refresh();
      return this.segments.reduce((n, s) => n + s.size, 0);
    });
  }

  private endOffset(): number {
    const last = this.segments.at(-1);
    return last ? last.baseOffset + (this.active?.records.length ?? 0) : 0;
  }

  private activeSegment(): SegmentEntry | undefined {
    return this.segments.at(-1);
  }

  /** Closes the active segment and starts an empty one at `baseOffset`. */
  private async roll(baseOffset: number): Promise<SegmentEntry> {
    const closing = this.activeSegment();
    if (closing && this.active) {
      this.remember(closing.path, closing.size, this.active.records);
    }
    const path = joinPath(this.dir, segmentFileName(baseOffset));
    const bytes = emptySegment();
    await this.fs.writeFile(path, bytes);
    const entry = { baseOffset, path, size: bytes.length };
    this.segments.push(entry);
    this.active = { bytes, records: [] };
    return entry;
  }

  private remember(path: string, size: number, records: LogRecord[]): void {
    this.decoded.delete(path);
    this.decoded.set(path, { size, records });
    while (this.decoded.size > DECODED_SEGMENTS) this.decoded.delete(this.decoded.keys().next().value!);
    if (records.length > 0) this.maxTimestamps.set(path, Math.max(...records.map((r) => r.timestamp)));
  }

  /** The records of segment `i`: the active one from memory, a closed one decoded from its file. */
  private async recordsOf(i: number): Promise<LogRecord[]> {
    if (i === this.segments.length - 1) return this.active?.records ?? [];
    const segment = this.segments[i];
    const cached = this.decoded.get(segment.path);
    if (cached && cached.size === segment.size) {
      this.remember(segment.path, segment.size, cached.records);
      return cached.records;
    }
    const bytes = await this.fs.readFile(segment.path);
    const records = decodeSegment(bytes, segment.path, segment.baseOffset);
    this.remember(segment.path, bytes.length, records);
    return records;
  }

  /** Kafka's retention: by size (oldest first, while what remains is still over the limit), then by age. */
  private async retain(config: TopicConfig, now: number): Promise<void> {
    const retentionBytes = config["retention.bytes"];
    if (retentionBytes >= 0) {
      let excess = this.segments.reduce((n, s) => n + s.size, 0) - retentionBytes;
      while (this.segments.length > 1 && excess - this.segments[0].size >= 0) {
        excess -= this.segments[0].size;
        await this.deleteOldest();
      }
    }
    const retentionMs = config["retention.ms"];
    if (retentionMs < 0) return;
    const expired = (maxTimestamp: number | undefined) =>
      maxTimestamp !== undefined && now - maxTimestamp > retentionMs;
    while (this.segments.length > 1 && expired(await this.maxTimestampOf(0))) await this.deleteOldest();
    // As Kafka, an active segment whose records have all expired is rolled so that it can go too.
    if (this.segments.length === 1 && (this.active?.records.length ?? 0) > 0) {
      const newest = Math.max(...this.active!.records.map((r) => r.timestamp));
      if (expired(newest)) {
        await this.roll(this.endOffset());
        await this.deleteOldest();
      }
    }
  }

  private async maxTimestampOf(i: number): Promise<number | undefined> {
    const path = this.segments[i].path;
    if (!this.maxTimestamps.has(path)) {
      const records = await this.recordsOf(i);
      if (records.length === 0) return undefined;
    }
    return this.maxTimestamps.get(path);
  }

  private async deleteOldest(): Promise<void> {
    const [oldest] = this.segments.splice(0, 1);
    this.decoded.delete(oldest.path);
    this.maxTimestamps.delete(oldest.path);
    await this.fs.delete(oldest.path);
  }

  /** Brings the log in step with its directory where another writer changed it. */
  private async refresh(): Promise<void> {
    const listed = (await this.fs.list(this.dir))
      .map((f) => ({ f, base: baseOffsetOf(f.name) }))
      .filter((x): x is { f: (typeof x)["f"]; base: number } => x.base !== undefined && !x.f.isDirectory)
      .sort((a, b) => a.base - b.base);
    const same =
      listed.length === this.segments.length &&
      listed.every((x, i) => x.f.path === this.segments[i].path && x.f.size === this.segments[i].size);
    if (same) return;
    this.segments = listed.map((x) => ({ baseOffset: x.base, path: x.f.path, size: x.f.size }));
    this.active = undefined;
    const last = this.segments.at(-1);
    if (!last) return;
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(last.path);
    } catch (error) {
      // Deleted between the listing and the read (retention in another session): list again.
      if (error instanceof FileNotFoundError) return this.refresh();
      throw error;
    }
    last.size = bytes.length;
    this.active = { bytes, records: decodeSegment(bytes, last.path, last.baseOffset) };
  }
}
