/**
 * Sluice's engine: Spark Structured Streaming's API on DuckDB-WASM. This file is the public contract
 * (shared DESIGN.md) and nothing else.
 */
export { CorruptCheckpointError } from "./checkpoint/CheckpointError";
export type { FileStatus, FileSystem } from "./io/FileSystem";
export { FileNotFoundError, StorageQuotaError } from "./io/FileSystem";
export { MemoryFileSystem } from "./io/MemoryFileSystem";
export type { Platform } from "./platform/Platform";
export { setPlatform } from "./platform/Platform";
export { Catalog } from "./session/Catalog";
export { DataFrameReader } from "./session/DataFrameReader";
export { DataFrameWriter } from "./session/DataFrameWriter";
export { DataStreamReader } from "./session/DataStreamReader";
export { DataStreamWriter } from "./session/DataStreamWriter";
export { RuntimeConfig } from "./session/RuntimeConfig";
export { Builder, type OutputWriter, SparkSession } from "./session/SparkSession";
export type { ForeachBatchFunction } from "./sinks/ForeachBatchSink";
export { MemoryStream } from "./sources/MemoryStream";
export { Column, type ColumnOrName } from "./sql/Column";
export { DataFrame } from "./sql/DataFrame";
export {
  AnalysisException,
  IllegalArgumentException,
  ParseException,
  PySparkTypeError,
  PySparkValueError,
  SparkArithmeticException,
  StreamingQueryException,
  UnsupportedOperationException,
} from "./sql/errors";
export * from "./sql/functions";
export * as functions from "./sql/functions";
export { GroupedData } from "./sql/GroupedData";
export type { Row } from "./sql/rows";
export {
  ArrayType,
  BinaryType,
  BooleanType,
  ByteType,
  DataType,
  DateType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  MapType,
  NullType,
  ShortType,
  StringType,
  StructField,
  StructType,
  TimestampNTZType,
  TimestampType,
} from "./sql/types";
export { Window, WindowSpec } from "./sql/Window";
export {
  GroupState,
  type GroupStateTimeout,
  type GroupsWithStateFunction,
  type GroupsWithStateOptions,
} from "./streaming/GroupState";
export type { BatchPage } from "./streaming/MicroBatchExecution";
export type { OutputMode } from "./streaming/OutputMode";
export type {
  SinkProgress,
  SourceProgress,
  StateOperatorProgress,
  StreamingQueryProgress,
  StreamingQueryStatus,
} from "./streaming/progress";
export { progressToJSON } from "./streaming/progress";
export {
  type ExpiredTimerInfo,
  type ListState,
  type MapState,
  StatefulProcessor,
  type StatefulProcessorHandle,
  type TimeMode,
  type TimerValues,
  type TransformWithStateOptions,
  type ValueState,
} from "./streaming/StatefulProcessor";
export { StreamingQuery } from "./streaming/StreamingQuery";
export type {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  StreamingQueryListener,
} from "./streaming/StreamingQueryListener";
export { StreamingQueryManager } from "./streaming/StreamingQueryManager";
export type { TriggerOptions } from "./streaming/Trigger";
