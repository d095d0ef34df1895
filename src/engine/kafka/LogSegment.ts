/**
 * One segment file of a partition's log, as Kafka names them: `<base offset, 20 digits>.log`, holding the
 * records from its base offset up to the next segment's. Binary, little-endian:
 *
 *   file    := "SLKLOG" version:u8 0:u8 record*
 *   record  := length:u32 (bytes after this field) offset:f64 timestamp:f64 timestampType:u8
 *              keyLength:i32 key valueLength:i32 value headerCount:u16 header*
 *   header  := keyLength:u16 key (UTF-8) valueLength:i32 value
 *
 * A length of -1 is a null key or value. Offsets and timestamps are whole numbers held exactly as float64
 * (to 2^53). Records of a segment have consecutive offsets, so record i of a segment has offset base + i.
 * Every write replaces the whole file atomically (FileSystem.writeFile), so a reader never sees half a record;
 * the active segment is rewritten as it grows and a new one is rolled once it reaches `segment.bytes`.
 */
import type { Header, TimestampTypeId } from "./KafkaRecord";

const MAGIC = [0x53, 0x4c, 0x4b, 0x4c, 0x4f, 0x47]; // "SLKLOG"
const VERSION = 1;
export const SEGMENT_HEADER_BYTES = MAGIC.length + 2;

/** A record in a segment, without its topic and partition (the segment's directory names them). */
export interface LogRecord {
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: TimestampTypeId;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly Header[];
}

/** Kafka's segment file name: the base offset, zero-padded to 20 digits. */
export function segmentFileName(baseOffset: number): string {
  return `${String(baseOffset).padStart(20, "0")}.log`;
}

/** The base offset a segment file name stands for, or undefined for any other file. */
export function baseOffsetOf(name: string): number | undefined {
  return /^\d{20}\.log$/.test(name) ? Number(name.slice(0, 20)) : undefined;
}

export function emptySegment(): Uint8Array {
  return Uint8Array.from([...MAGIC, VERSION, 0]);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The records, encoded to follow a segment's existing bytes. */
export function encodeRecords(records: readonly LogRecord[]): Uint8Array {
  const encoded = records.map((r) => ({
    r,
    headerKeys: r.headers.map((h) => encoder.encode(h.key)),
  }));
  let size = 0;
  for (const { r, headerKeys } of encoded) size += 4 + recordBodySize(r, headerKeys);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const { r, headerKeys } of encoded) {
    view.setUint32(at, recordBodySize(r, headerKeys), true);
    at += 4;
    view.setFloat64(at, r.offset, true);
    view.setFloat64(at + 8, r.timestamp, true);
    view.setUint8(at + 16, r.timestampType);
    at += 17;
    at = putBytes(out, view, at, r.key);
    at = putBytes(out, view, at, r.value);
    view.setUint16(at, r.headers.length, true);
    at += 2;
    r.headers.forEach((h, i) => {
      view.setUint16(at, headerKeys[i].length, true);
      out.set(headerKeys[i], at + 2);
      at += 2 + headerKeys[i].length;
      at = putBytes(out, view, at, h.value);
    });
  }
  return out;
}

function recordBodySize(r: LogRecord, headerKeys: readonly Uint8Array[]): number {
  let size = 8 + 8 + 1 + 4 + (r.key?.length ?? 0) + 4 + (r.value?.length ?? 0) + 2;
  r.headers.forEach((h, i) => {
    size += 2 + headerKeys[i].length + 4 + (h.value?.length ?? 0);
  });
  return size;
}

function putBytes(out: Uint8Array, view: DataView, at: number, bytes: Uint8Array | null): number {
  view.setInt32(at, bytes === null ? -1 : bytes.length, true);
  if (bytes !== null) out.set(bytes, at + 4);
  return at + 4 + (bytes?.length ?? 0);
}

/** A segment file that cannot be read: names the file and what is wrong with it. */
export class CorruptSegmentError extends Error {
  override name = "CorruptRecordException";
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(
      `The topic log segment ${path} is corrupt: ${detail}. Delete the topic and produce its records again.`,
    );
  }
}

/** Decodes a whole segment file; `path` names it in errors. */
export function decodeSegment(bytes: Uint8Array, path: string, baseOffset: number): LogRecord[] {
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new CorruptSegmentError(path, "it does not start with SLKLOG");
  }
  if (bytes[MAGIC.length] !== VERSION)
    throw new CorruptSegmentError(path, `its version ${bytes[MAGIC.length]} is not ${VERSION}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: LogRecord[] = [];
  let at = SEGMENT_HEADER_BYTES;
  const need = (n: number) => {
    if (at + n > bytes.length)
      throw new CorruptSegmentError(path, `record ${records.length} ends past the end of the file`);
  };
  const takeBytes = (): Uint8Array | null => {
    need(4);
    const length = view.getInt32(at, true);
    at += 4;
    if (length === -1) return null;
    if (length < 0) throw new CorruptSegmentError(path, `record ${records.length} has a negative length`);
    need(length);
    const value = bytes.slice(at, at + length);
    at += length;
    return value;
  };
  while (at < bytes.length) {
    need(4);
    const end = at + 4 + view.getUint32(at, true);
    at += 4;
    need(17);
    const offset = view.getFloat64(at, true);
    const timestamp = view.getFloat64(at + 8, true);
    const timestampType = view.getUint8(at + 16) as TimestampTypeId;
    at += 17;
    if (offset !== baseOffset + records.length)
      throw new CorruptSegmentError(
        path,
        `record ${records.length} has offset ${offset}, not ${baseOffset + records.length}`,
      );
    const key = takeBytes();
    const value = takeBytes();
    need(2);
    const headerCount = view.getUint16(at, true);
    at += 2;
    const headers: Header[] = [];
    for (let i = 0; i < headerCount; i++) {
      need(2);
      const keyLength = view.getUint16(at, true);
      need(2 + keyLength);
      const headerKey = decoder.decode(bytes.subarray(at + 2, at + 2 + keyLength));
      at += 2 + keyLength;
      headers.push({ key: headerKey, value: takeBytes() });
    }
    if (at !== end) throw new CorruptSegmentError(path, `record ${records.length} has a wrong length`);
    records.push({ offset, timestamp, timestampType, key, value, headers });
  }
  return records;
}
