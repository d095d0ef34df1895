import type { OutputModeName } from "../../../kernel/protocol";

/** The modes in the order the view shows them, with their names as Spark's guide writes them. */
export const MODE_TITLES: Record<OutputModeName, string> = {
  append: "Append",
  update: "Update",
  complete: "Complete",
};

/**
 * What each mode writes to the sink at a trigger, in one line: the Structured Streaming Programming Guide's
 * "Output Modes" definitions, with what append means for an aggregation (its "Handling Late Data" section).
 */
export const MODE_DEFINITIONS: Record<OutputModeName, string> = {
  append:
    "Only the new rows appended to the Result Table since the last trigger: with an aggregation, a window's row once the watermark passes its end and it can no longer change.",
  update: "Only the rows of the Result Table that were updated since the last trigger.",
  complete: "The entire updated Result Table, at every trigger.",
};
