/** How from_csv and schema_of_csv fall short of Spark, apart so the compatibility table reads them without the registry. */
export const FROM_CSV_NOTE =
  "fields are split at every comma (a quoted field's commas split it too; its quotes are removed); options are ignored";
export const SCHEMA_OF_CSV_NOTE = "the sep (delimiter) option; other options are ignored";
