/**
 * What the kernel, the PySpark bridge, the data generator and the exporter need of the engine beyond its public
 * API (index.ts): the DuckDB handle, Parquet I/O, the platform, data types in Spark's JSON form, and the logical
 * plans export translates. Other layers import the engine through index.ts or this file only (ARCHITECTURE.md,
 * "Layers"); nothing here is for notebook cells. Platform entry points with their own runtime
 * (platform/browser.ts, platform/node.ts) are imported directly by the one file that starts each, so neither
 * lands in the other's bundle.
 */
export { tagValues } from "./checkpoint/BatchHistoryLog";
export { CommitLog } from "./checkpoint/CommitLog";
export { OffsetSeqLog } from "./checkpoint/OffsetSeqLog";
export { DuckDB } from "./duckdb/DuckDB";
export { pythonDataSourceError } from "./errors/QueryCompilationErrors";
export { pythonStreamingDataSourceRuntimeError } from "./errors/QueryExecutionErrors";
export { joinPath } from "./io/FileSystem";
export { decodeParquet, encodeParquet, initParquet } from "./io/parquet";
export { currentPlatform } from "./platform/Platform";
export {
  type ReplayBatch,
  type ReplayedBatch,
  type ReplayOptions,
  type ReplayPlan,
  replayedBatches,
  replayPlan,
  startReplay,
} from "./session/replayQuery";
export {
  checkpointLockName,
  TEMPORARY_CHECKPOINT_DIR,
  TEMPORARY_CHECKPOINT_PREFIX,
} from "./session/StreamingQueryManager";
export { expressionName, expressionSql } from "./sql/analysis/naming";
export { hasStreamingAggregation } from "./sql/analysis/UnsupportedOperationChecker";
export { cubeSets, rollupSets } from "./sql/api/groupingSets";
export { rowSchemaOf, toRowArrays } from "./sql/api/rows";
export { showString, wallClockValue } from "./sql/api/showString";
export { GROUPING_ID_COLUMN } from "./sql/codegen/planCompiler";
export { fromWallClockDate } from "./sql/codegen/timeZones";
export { type DataTypeJson, dataTypeFromJson, dataTypeToJson } from "./sql/dataTypeJson";
export { explainMode, explainString } from "./sql/execution/explain";
export type { Expression, FrameBound } from "./sql/expressions";
export { transformExpression } from "./sql/expressions";
export type { LogicalPlan } from "./sql/plan";
export { AtomicType, parseDataType } from "./sql/types";
export {
  newUdfId,
  type UDFBatch,
  type UDFBatchResult,
  type UDFSpec,
  userDefinedFunction,
} from "./sql/udf/UserDefinedFunction";
export { parseStateFileName } from "./state/StateStore";
export { sparkJson } from "./streaming/runtime/progress";
