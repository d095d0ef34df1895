/** issue 11: the compatibility notes of bitFunctions.ts (a file of its own, so the status file imports no engine code). */
export const CONV_NOTE =
  "a number past 64 bits raises ARITHMETIC_OVERFLOW as under ANSI mode (Spark's default) whatever spark.sql.ansi.enabled says; with ANSI off Spark reads it as 2^64 - 1";

export const TO_BINARY_NOTE =
  "a format given by an expression rather than a literal (concat('utf', '-8')) is read as the query runs, so an invalid one fails the query (INVALID_PARAMETER_VALUE.BINARY_FORMAT) rather than its analysis";
