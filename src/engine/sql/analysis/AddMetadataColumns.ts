/**
 * Spark's AddMetadataColumns for the hidden `_metadata` column of file sources (FileFormat.METADATA_NAME).
 * A file relation's output leaves it out (`*`, `columns`, `schema`, a key-less dropDuplicates), but an operator
 * that names it where its input lacks it gets it: the relation below adds the column, each operator between
 * passes it up, and an operator whose output is its input's (filter, dedup, sort...) is then projected back to
 * its own columns, so the column stays hidden above. A data column named `_metadata` wins (nothing is added).
 * Only plans that name the column pay for it: the per-file values are computed as the files load.
 */
import { anyExpression, type Expression, transformExpression } from "../expressions";
import { type LogicalPlan, newPlanId } from "../plan";
import { LongType, StringType, StructField, StructType, sameName, TimestampType } from "../types";
import type { UnanalysedPlan } from "./Analyzer";
import { expressionName } from "./naming";

export const METADATA_NAME = "_metadata";
/** Spark's METADATA_COL_ATTR_KEY: the field metadata that hides a column from `*`. */
export const METADATA_COL_ATTR_KEY = "__metadata_col";

/** Spark's FileFormat.BASE_METADATA_STRUCT, every field NOT NULL. */
export const FILE_METADATA_STRUCT = new StructType([
  new StructField("file_path", StringType, false),
  new StructField("file_name", StringType, false),
  new StructField("file_size", LongType, false),
  new StructField("file_block_start", LongType, false),
  new StructField("file_block_length", LongType, false),
  new StructField("file_modification_time", TimestampType, false),
]);

/**
 * Parquet's `_metadata` (ParquetFileFormat.metadataSchemaFields, Spark 3.5+): the base fields and `row_index`,
 * the row's position in its file from 0 (ParquetFileFormat.ROW_INDEX_FIELD, NOT NULL).
 */
export const PARQUET_METADATA_STRUCT = new StructType([
  ...FILE_METADATA_STRUCT.fields,
  new StructField("row_index", LongType, false),
]);

/** The `_metadata` struct of a file format. */
export function metadataStructOf(format: string): StructType {
  return format === "parquet" ? PARQUET_METADATA_STRUCT : FILE_METADATA_STRUCT;
}

export const FILE_FORMATS_WITH_METADATA: readonly string[] = ["parquet", "csv", "json", "text", "xml", "orc"];

/** Whether a field is a hidden metadata column. */
export function isMetadataField(field: StructField): boolean {
  return field.metadata[METADATA_COL_ATTR_KEY] === true;
}

function hiddenField(struct: StructType): StructField {
  return new StructField(METADATA_NAME, struct, false, { [METADATA_COL_ATTR_KEY]: true });
}

/** A struct of `_metadata`'s fields, in order (a format's own struct, its values typed afresh by analysis). */
function metadataStructNamed(type: StructType): StructType | undefined {
  const names = type.fieldNames.join();
  return [FILE_METADATA_STRUCT, PARQUET_METADATA_STRUCT].find((s) => s.fieldNames.join() === names);
}

/** The schema with its `_metadata` field marked hidden (analysis types fields afresh, losing the mark). */
function markHidden(plan: LogicalPlan): LogicalPlan {
  const fields = plan.schema.fields.map((f) =>
    sameName(f.name, METADATA_NAME) && f.dataType instanceof StructType
      ? hiddenField(metadataStructNamed(f.dataType) ?? f.dataType)
      : f,
  );
  return { ...plan, schema: new StructType(fields) } as LogicalPlan;
}

/**
 * The output with Spark's type for a `_metadata` column it selects: DuckDB's types do not say that the struct's
 * fields are NOT NULL (SPARK-41151 keeps them so).
 */
function withMetadataType(plan: LogicalPlan): LogicalPlan {
  const struct = (f: StructField) =>
    sameName(f.name, METADATA_NAME) && f.dataType instanceof StructType
      ? metadataStructNamed(f.dataType)
      : undefined;
  if (!plan.schema.fields.some(struct)) return plan;
  const fields = plan.schema.fields.map((f) => {
    const type = struct(f);
    return type ? new StructField(f.name, type, f.nullable, f.metadata) : f;
  });
  return { ...plan, schema: new StructType(fields) } as LogicalPlan;
}

/** Operators whose output is their child's columns: `_metadata` passes through them unchanged. */
const PASS_THROUGH = new Set<LogicalPlan["kind"]>([
  "filter",
  "sort",
  "limit",
  "offset",
  "deduplicate",
  "watermark",
  "alias",
  "collectMetrics",
  "sample",
]);

/** The format of a file relation that has `_metadata`, else undefined. */
function fileRelationFormat(plan: LogicalPlan): string | undefined {
  if (plan.kind !== "relation") return undefined;
  const r = plan.relation;
  const format = r.type === "files" ? r.format : r.type === "stream" ? r.source.format : undefined;
  return format !== undefined && FILE_FORMATS_WITH_METADATA.includes(format) ? format : undefined;
}

/** `plan` with the hidden `_metadata` among its columns, where a file relation below can give it. */
function withMetadata(
  plan: LogicalPlan,
  analyse: (p: UnanalysedPlan) => LogicalPlan,
): LogicalPlan | undefined {
  const present = plan.schema.fields.find((f) => sameName(f.name, METADATA_NAME));
  // Already added for an operator above, or a data column of that name, which wins.
  if (present) return isMetadataField(present) ? plan : undefined;
  const format = fileRelationFormat(plan);
  if (format !== undefined) {
    const field = hiddenField(metadataStructOf(format));
    return { ...plan, schema: new StructType([...plan.schema.fields, field]) } as LogicalPlan;
  }
  if (plan.kind === "project") {
    const child = withMetadata(plan.child, analyse);
    if (!child) return undefined;
    const index = child.schema.fields.findIndex(isMetadataField);
    const metadata: Expression = { kind: "column", parts: [METADATA_NAME], index };
    return markHidden(analyse({ ...plan, child, exprs: [...plan.exprs, metadata] } as UnanalysedPlan));
  }
  if (PASS_THROUGH.has(plan.kind) && "child" in plan) {
    const child = withMetadata(plan.child, analyse);
    if (!child) return undefined;
    return markHidden(analyse({ ...plan, child } as UnanalysedPlan));
  }
  if (plan.kind === "join" && !plan.lateral && !plan.usingColumns) {
    // Spark's Join.metadataOutput: each side's own (a column of the DataFrame it came from picks its side).
    const left = withMetadata(plan.left, analyse);
    const right = withMetadata(plan.right, analyse);
    if (!left && !right) return undefined;
    return markHidden(
      analyse({ ...plan, left: left ?? plan.left, right: right ?? plan.right } as UnanalysedPlan),
    );
  }
  return undefined;
}

/**
 * Spark's LogicalPlan.metadataOutput as far as Sluice has one: `_metadata` where a file relation below can give
 * it through the operators in between, and no data column of that name hides it.
 */
export function metadataOutput(plan: LogicalPlan): string[] {
  const present = plan.schema.fields.find((f) => sameName(f.name, METADATA_NAME));
  if (present) return isMetadataField(present) ? [METADATA_NAME] : [];
  if (fileRelationFormat(plan) !== undefined) return [METADATA_NAME];
  if ((plan.kind === "project" || PASS_THROUGH.has(plan.kind)) && "child" in plan)
    return metadataOutput(plan.child as LogicalPlan);
  return [];
}

function namesMetadata(exprs: readonly Expression[]): boolean {
  return exprs.some((e) =>
    anyExpression(e, (x) => x.kind === "column" && x.parts.length > 0 && sameName(x.parts[0], METADATA_NAME)),
  );
}

/** Spark's input_file_name(), input_file_block_start() and _length(): a file's metadata field, per row. */
const INPUT_FILE_FUNCTIONS: Readonly<Record<string, string>> = {
  input_file_name: "file_path",
  input_file_block_start: "file_block_start",
  input_file_block_length: "file_block_length",
};

function isInputFileCall(e: Expression): boolean {
  return (
    e.kind === "call" && e.args.length === 0 && Object.hasOwn(INPUT_FILE_FUNCTIONS, e.name.toLowerCase())
  );
}

/** The expressions an operator evaluates that may name `_metadata` or call an input-file function. */
function ownExpressions(node: UnanalysedPlan): readonly Expression[] {
  switch (node.kind) {
    case "project":
      return node.exprs;
    case "filter":
      return [node.condition];
    case "aggregate":
      return [...node.groupBy, ...node.aggregates];
    case "sort":
      return node.orders;
    default:
      return [];
  }
}

/** The operator with its input-file calls reading `_metadata`; an output keeps the call's name (`input_file_name()`). */
function readInputFileFromMetadata(node: UnanalysedPlan): UnanalysedPlan {
  const replace = (e: Expression): Expression =>
    transformExpression(e, (x) =>
      isInputFileCall(x) && x.kind === "call"
        ? { kind: "column", parts: [METADATA_NAME, INPUT_FILE_FUNCTIONS[x.name.toLowerCase()]] }
        : undefined,
    );
  const output = (e: Expression): Expression =>
    e.kind === "alias" || !anyExpression(e, isInputFileCall)
      ? replace(e)
      : { kind: "alias", child: replace(e), name: expressionName(e) };
  switch (node.kind) {
    case "project":
      return { ...node, exprs: node.exprs.map(output) };
    case "filter":
      return { ...node, condition: replace(node.condition) };
    case "aggregate":
      return { ...node, groupBy: node.groupBy.map(replace), aggregates: node.aggregates.map(output) };
    case "sort":
      return { ...node, orders: node.orders.map(replace) };
    default:
      return node;
  }
}

/**
 * The operator analysed over a child that gives `_metadata`, where its expressions name the column (or call an
 * input-file function) and its child lacks it; undefined where nothing is to be added.
 */
export function addMetadataColumns(
  node: UnanalysedPlan,
  analyse: (p: UnanalysedPlan) => LogicalPlan,
): LogicalPlan | undefined {
  if (!("child" in node)) return undefined;
  const original = node.child as LogicalPlan;
  const expressions = ownExpressions(node);
  const callsInputFile = expressions.some((e) => anyExpression(e, isInputFileCall));
  if (!callsInputFile && !namesMetadata(expressions)) return undefined;
  const child = withMetadata(original, analyse);
  // No file relation below: input_file_name() stays the empty string Spark gives where no file is read.
  if (!child) return undefined;
  const target = callsInputFile ? readInputFileFromMetadata(node) : node;
  if (child === original) return target === node ? undefined : analyse(target);
  const analysed = analyse({ ...target, child } as UnanalysedPlan);
  if (!PASS_THROUGH.has(node.kind)) return withMetadataType(analysed);
  // The operator's own output is its input's columns, without the one added for it.
  const keep = original.schema.fields.map(
    (f, i): Expression => ({ kind: "column", parts: [f.name], index: i }),
  );
  return analyse({
    kind: "project",
    id: newPlanId(),
    child: markHidden(analysed),
    exprs: keep,
  } as UnanalysedPlan);
}
