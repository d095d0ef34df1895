/**
 * What a trigger needs to know of a small Arrow IPC stream without decoding it: its row count (from the record
 * batches' headers, their bodies skipped) and its schema message's bytes (a key for a cache of what was learnt
 * from a schema). Decoding a stream of a few rows into Arrow vectors costs more than the rows do (bench P2).
 */
import * as arrow from "apache-arrow";

/** The rows an Arrow IPC stream holds: the sum of its record batches' lengths. */
export function ipcRowCount(ipc: Uint8Array): number {
  const reader = new arrow.MessageReader(ipc);
  let rows = 0;
  for (let message = reader.readMessage(); message !== null; message = reader.readMessage()) {
    if (message.isRecordBatch()) rows += Number(message.header().length);
    if (message.bodyLength > 0) reader.readMessageBody(message.bodyLength);
  }
  return rows;
}

/**
 * The bytes of an Arrow IPC stream's first message (its schema) as a string, one character a byte; undefined where
 * the stream does not start with a message this can delimit. Equal bytes are equal schemas (the converse need not
 * hold: a cache keyed by them may miss, never mix two schemas up).
 */
export function ipcSchemaBytes(ipc: Uint8Array): string | undefined {
  if (ipc.byteLength < 8) return undefined;
  const view = new DataView(ipc.buffer, ipc.byteOffset, ipc.byteLength);
  // The continuation marker (0xFFFFFFFF) and then the metadata's length; the pre-1.0 format has the length alone.
  const continued = view.getInt32(0, true) === -1;
  const length = view.getInt32(continued ? 4 : 0, true);
  const end = (continued ? 8 : 4) + length;
  if (length <= 0 || end > ipc.byteLength) return undefined;
  let key = "";
  for (let i = 0; i < end; i += 4096) key += String.fromCharCode(...ipc.subarray(i, Math.min(end, i + 4096)));
  return key;
}
