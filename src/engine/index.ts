/**
 * Sluice's engine: Spark Structured Streaming's API on DuckDB-WASM. This file is the public contract
 * (ARCHITECTURE.md, "Public API") and nothing else; what other layers need beyond it is in internal.ts.
 */
export {
  AnalysisException,
  CorruptCheckpointError,
  IllegalArgumentException,
  NoSuchElementException,
  ParseException,
  PySparkTypeError,
  PySparkValueError,
  SparkArithmeticException,
  SparkDateTimeException,
  SparkError,
  SparkException,
  SparkIllegalArgumentException,
  SparkNoSuchElementException,
  SparkNumberFormatException,
  SparkRuntimeException,
  type SparkThrowable,
  SparkUnsupportedOperationException,
  StreamingQueryException,
  UnsupportedOperationException,
} from "./errors";
export type { FileStatus, FileSystem } from "./io/FileSystem";
export { FileNotFoundError, StorageQuotaError } from "./io/FileSystem";
export { MemoryFileSystem } from "./io/MemoryFileSystem";
export { EVENT_JSON_SCHEMA, EventProducer, type EventProducerOptions } from "./kafka/EventProducer";
export {
  InvalidConfigurationException,
  InvalidPartitionsException,
  InvalidTopicException,
  KafkaException,
  TopicExistsException,
  UnknownTopicOrPartitionException,
} from "./kafka/errors";
export {
  KafkaAdmin,
  type ListOffsetsResultInfo,
  type NewTopic,
  type OffsetSpec,
  type TopicDescriptionWithPartitions,
  type TopicPartitionInfo,
} from "./kafka/KafkaAdmin";
export { KafkaConsumer } from "./kafka/KafkaConsumer";
export { IllegalStateException, KafkaIllegalStateException } from "./kafka/KafkaExceptions";
export { KafkaProducer, type ProducerConfig } from "./kafka/KafkaProducer";
export type { ConsumerRecord, Header, ProducerRecord, RecordMetadata } from "./kafka/KafkaRecord";
export type { TopicConfig } from "./kafka/TopicConfig";
export type { TopicPartition } from "./kafka/TopicPartition";
export type { Platform } from "./platform/Platform";
export { setPlatform } from "./platform/Platform";
export { Builder } from "./session/Builder";
export { Catalog } from "./session/Catalog";
export { DataFrameReader } from "./session/DataFrameReader";
export { DataFrameWriter } from "./session/DataFrameWriter";
export { DataFrameWriterV2 } from "./session/DataFrameWriterV2";
export { DataSourceRegistration } from "./session/DataSourceRegistration";
export { DataStreamReader } from "./session/DataStreamReader";
export { DataStreamWriter } from "./session/DataStreamWriter";
export { RuntimeConfig } from "./session/RuntimeConfig";
export { type OutputWriter, SparkSession } from "./session/SparkSession";
export { StreamingQueryManager } from "./session/StreamingQueryManager";
export type { ForeachBatchFunction } from "./sinks/ForeachBatchSink";
export type { ForeachWriter, ForeachWriterLike } from "./sinks/ForeachSink";
export { MemoryStream } from "./sources/MemoryStream";
export { type ReceivedLine, SocketServer, socketServer } from "./sources/SocketServer";
export { ConnectException } from "./sources/TextSocketSource";
export type {
  UserDefinedDataSource,
  UserReadLimit,
  UserStreamReader,
  UserStreamWriter,
} from "./sources/UserDefinedDataSource";
export { Column, type ColumnOrName } from "./sql/api/Column";
export { DataFrame } from "./sql/api/DataFrame";
export * from "./sql/api/functions";
export * as functions from "./sql/api/functions";
export { GroupedData } from "./sql/api/GroupedData";
export { Observation } from "./sql/api/Observation";
export type { Row } from "./sql/api/rows";
export { StorageLevel } from "./sql/api/StorageLevel";
export { TableArg } from "./sql/api/TableArg";
export { Window, WindowSpec } from "./sql/api/Window";
export { builtinFunctions, type FunctionSupport, functionSupport } from "./sql/codegen/functionRegistry";
export { Decimal } from "./sql/decimals";
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
  VariantType,
  VariantTypeInstance,
} from "./sql/types";
export { type RegisterableFunction, UDFRegistration } from "./sql/udf/UDFRegistration";
export type { UserDefinedFunction } from "./sql/udf/UserDefinedFunction";
export { type VariantJs, VariantVal } from "./sql/variantValues";
export {
  GroupState,
  type GroupStateTimeout,
  type GroupsWithStateFunction,
  type GroupsWithStateOptions,
  TestGroupState,
} from "./streaming/operators/GroupState";
export {
  type ExpiredTimerInfo,
  type ListState,
  type MapState,
  StatefulProcessor,
  type StatefulProcessorHandle,
  StatefulProcessorWithInitialState,
  type TimeMode,
  type TimerValues,
  type TransformWithStateOptions,
  type ValueState,
} from "./streaming/operators/StatefulProcessor";
export type { BatchHistory, BatchRecord, BatchStateChange } from "./streaming/runtime/BatchHistory";
export { type Clock, SystemClock } from "./streaming/runtime/Clock";
export type { BatchPage } from "./streaming/runtime/LatestBatchRows";
export { ManualClock } from "./streaming/runtime/ManualClock";
export type { OutputMode } from "./streaming/runtime/OutputMode";
export type {
  SinkProgress,
  SourceProgress,
  StateOperatorProgress,
  StreamingQueryProgress,
  StreamingQueryStatus,
} from "./streaming/runtime/progress";
export { progressToJSON } from "./streaming/runtime/progress";
export { StreamingQuery } from "./streaming/runtime/StreamingQuery";
export {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  type StreamingQueryListener,
} from "./streaming/runtime/StreamingQueryListener";
export type { TriggerOptions } from "./streaming/runtime/Trigger";
export type { WaitingFor, WatchedSource } from "./streaming/runtime/WaitingFor";
