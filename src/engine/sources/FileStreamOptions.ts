/**
 * Spark's FileStreamOptions: the file source's own options, checked as Spark checks them, when the query creates
 * its source (a bad value fails the query with Spark's message).
 */

import {
  archiveModeWithoutArchiveDir,
  invalidCleanSourceMode,
  invalidDiscardCachedInputRatio,
  invalidMaxCachedFiles,
  maxFilesAndBytesPerTrigger,
  optionNotAllowedInFileStreamSource,
  positiveIntegerOptionRequired,
} from "../errors/QueryExecutionErrors";
import { timeStringAsMs } from "../streaming/runtime/timeStrings";
import { booleanOption, optionOf } from "./Source";

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
  /** At most this many listed files left over by a rate-limited trigger are kept for the next ones (10000). */
  readonly maxCachedFiles: number;
  /**
   * Kept files are dropped (and the next trigger lists again) where fewer than this share of the rate limit are
   * left over (0.2).
   */
  readonly discardCachedInputRatio: number;
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

/** Java's Integer.parseInt: an optional sign and decimal digits, within 32 bits; undefined otherwise. */
function javaInt(raw: string): number | undefined {
  if (!/^[+-]?\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= -(2 ** 31) && value < 2 ** 31 ? value : undefined;
}

/** Java's Long.parseLong: an optional sign and decimal digits, within 64 bits; undefined otherwise. */
function javaLong(raw: string): number | undefined {
  if (!/^[+-]?\d+$/.test(raw)) return undefined;
  const value = BigInt(raw);
  return value >= -(2n ** 63n) && value < 2n ** 63n ? Number(value) : undefined;
}

/**
 * Spark's FileStreamOptions.maxFilesPerTrigger (`str.toInt`) and maxBytesPerTrigger (`str.toLong`): a positive
 * whole number as Java parses it (no blanks, no decimal point or exponent), refused with Spark's message otherwise.
 */
function positiveWholeOption(
  options: Readonly<Record<string, string>>,
  key: string,
  parse: (raw: string) => number | undefined,
): number | undefined {
  const raw = optionOf(options, key);
  if (raw === undefined) return undefined;
  const value = parse(raw);
  if (value === undefined || value <= 0) throw positiveIntegerOptionRequired(key, raw);
  return value;
}

/** Java's Float.parseFloat: a decimal or exponent number, surrounding blanks allowed; undefined otherwise. */
function javaFloat(raw: string): number | undefined {
  const text = raw.trim();
  if (!/^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/.test(text)) return undefined;
  return Math.fround(Number(text.replace(/[fFdD]$/, "")));
}

/** Spark's FileStreamOptions.maxCachedFiles: an integer of at least 0, 10000 where not given. */
function maxCachedFilesOption(options: Readonly<Record<string, string>>): number {
  const raw = optionOf(options, "maxCachedFiles");
  if (raw === undefined) return 10000;
  const value = javaInt(raw);
  if (value === undefined || value < 0) throw invalidMaxCachedFiles(raw);
  return value;
}

/** Spark's FileStreamOptions.discardCachedInputRatio: a float from 0 to 1, 0.2 where not given. */
function discardCachedInputRatioOption(options: Readonly<Record<string, string>>): number {
  const raw = optionOf(options, "discardCachedInputRatio");
  if (raw === undefined) return Math.fround(0.2);
  const value = javaFloat(raw);
  if (value === undefined || !(value >= 0 && value <= 1)) throw invalidDiscardCachedInputRatio(raw);
  return value;
}

export function parseFileStreamOptions(options: Readonly<Record<string, string>>): FileStreamOptions {
  // Batch reads filter files by modification time; a stream takes each new file once, whatever its time.
  for (const option of ["modifiedBefore", "modifiedAfter"]) {
    if (optionOf(options, option) !== undefined) throw optionNotAllowedInFileStreamSource(option);
  }
  const maxFilesPerTrigger = positiveWholeOption(options, "maxFilesPerTrigger", javaInt);
  const maxBytesPerTrigger = positiveWholeOption(options, "maxBytesPerTrigger", javaLong);
  if (maxFilesPerTrigger !== undefined && maxBytesPerTrigger !== undefined) {
    throw maxFilesAndBytesPerTrigger();
  }
  const latestFirst = booleanOption(options, "latestFirst", false);
  const maxFileAgeMs = timeStringAsMs(optionOf(options, "maxFileAge") ?? "7d");
  const fileNameOnly = booleanOption(options, "fileNameOnly", false);
  const sourceArchiveDir = optionOf(options, "sourceArchiveDir");
  const cleanSource = cleanSourceMode(optionOf(options, "cleanSource"));
  if (cleanSource === "archive" && sourceArchiveDir === undefined) throw archiveModeWithoutArchiveDir();
  const maxCachedFiles = maxCachedFilesOption(options);
  const discardCachedInputRatio = discardCachedInputRatioOption(options);
  return {
    maxFilesPerTrigger,
    maxBytesPerTrigger,
    latestFirst,
    maxFileAgeMs,
    fileNameOnly,
    sourceArchiveDir,
    cleanSource,
    maxCachedFiles,
    discardCachedInputRatio,
  };
}
