/**
 * Spark's FileStreamOptions: the file source's own options, checked as Spark checks them, when the query creates
 * its source (a bad value fails the query with Spark's message).
 */
import {
  maxFilesAndBytesPerTrigger,
  optionNotAllowedInFileStreamSource,
} from "../errors/QueryExecutionErrors";
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
  // Batch reads filter files by modification time; a stream takes each new file once, whatever its time.
  for (const option of ["modifiedBefore", "modifiedAfter"]) {
    if (optionOf(options, option) !== undefined) throw optionNotAllowedInFileStreamSource(option);
  }
  const maxFilesPerTrigger = positiveIntegerOption(options, "maxFilesPerTrigger");
  const maxBytesPerTrigger = positiveIntegerOption(options, "maxBytesPerTrigger");
  if (maxFilesPerTrigger !== undefined && maxBytesPerTrigger !== undefined) {
    throw maxFilesAndBytesPerTrigger();
  }
  const latestFirst = booleanOption(options, "latestFirst", false);
  const maxFileAgeMs = timeStringAsMs(optionOf(options, "maxFileAge") ?? "7d");
  return { maxFilesPerTrigger, maxBytesPerTrigger, latestFirst, maxFileAgeMs };
}
