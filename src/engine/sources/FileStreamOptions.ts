/**
 * Spark's FileStreamOptions: the file source's own options, checked as Spark checks them, when the query creates
 * its source (a bad value fails the query with Spark's message).
 */
import {
  archiveModeWithoutArchiveDir,
  invalidCleanSourceMode,
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
  /** Files are the same file where their names are, whatever their directories. */
  readonly fileNameOnly: boolean;
  /** Where `cleanSource` "archive" moves a completed file (under its own path). */
  readonly sourceArchiveDir?: string;
  /** What becomes of a file once the batch that read it is committed (Spark's CleanSourceMode). */
  readonly cleanSource: CleanSourceMode;
}

/** Spark's CleanSourceMode, in lower case. */
export type CleanSourceMode = "archive" | "delete" | "off";

/** Spark's CleanSourceMode.fromString: any case of ARCHIVE, DELETE or OFF; OFF where not given. */
function cleanSourceMode(value: string | undefined): CleanSourceMode {
  if (value === undefined) return "off";
  const mode = value.toLowerCase();
  if (mode !== "archive" && mode !== "delete" && mode !== "off") throw invalidCleanSourceMode(value);
  return mode;
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
  const fileNameOnly = booleanOption(options, "fileNameOnly", false);
  const sourceArchiveDir = optionOf(options, "sourceArchiveDir");
  const cleanSource = cleanSourceMode(optionOf(options, "cleanSource"));
  if (cleanSource === "archive" && sourceArchiveDir === undefined) throw archiveModeWithoutArchiveDir();
  return {
    maxFilesPerTrigger,
    maxBytesPerTrigger,
    latestFirst,
    maxFileAgeMs,
    fileNameOnly,
    sourceArchiveDir,
    cleanSource,
  };
}
