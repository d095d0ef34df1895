/**
 * Spark's FileStreamOptions: the file source's own options, checked when the DataFrame is built so a mistake
 * surfaces at `load()` with Spark's message, before any query starts.
 */
import { maxFilesAndBytesPerTrigger } from "../errors/QueryExecutionErrors";
import { timeStringAsMs } from "../streaming/runtime/timeStrings";
import { booleanOption, optionOf, positiveIntegerOption } from "./Source";

export interface FileStreamOptions {
  /** At most this many new files per trigger. */
  readonly maxFilesPerTrigger?: number;
  /** About this many bytes of new files per trigger (always at least one file). */
  readonly maxBytesPerTrigger?: number;
  /** Newest files first. */
  readonly latestFirst: boolean;
  /** Files older than the newest file seen by more than this are ignored (7 days by default). */
  readonly maxFileAgeMs: number;
}

export function parseFileStreamOptions(options: Readonly<Record<string, string>>): FileStreamOptions {
  const maxFilesPerTrigger = positiveIntegerOption(options, "maxFilesPerTrigger");
  const maxBytesPerTrigger = positiveIntegerOption(options, "maxBytesPerTrigger");
  if (maxFilesPerTrigger !== undefined && maxBytesPerTrigger !== undefined) {
    throw maxFilesAndBytesPerTrigger();
  }
  const latestFirst = booleanOption(options, "latestFirst", false);
  const maxFileAgeMs = timeStringAsMs(optionOf(options, "maxFileAge") ?? "7d");
  return { maxFilesPerTrigger, maxBytesPerTrigger, latestFirst, maxFileAgeMs };
}
