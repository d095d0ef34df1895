/**
 * Spark's KafkaSourceProvider checks: which options a Kafka read or write takes, refused with Spark's
 * IllegalArgumentException messages when the DataFrame is built (before any query starts), and the source's
 * fixed schema. `kafka.bootstrap.servers` names the in-browser cluster. Options Sluice accepts but cannot
 * honour (security, consumer and producer tuning, group ids...) are returned in `ignored`, so the query can
 * say so in its log instead of dropping them silently.
 */
import { IllegalArgumentException } from "../errors/exceptions";
import {
  ArrayType,
  BinaryType,
  IntegerType,
  LongType,
  StringType,
  StructField,
  StructType,
  TimestampType,
} from "../sql/types";
import { timeStringAsMs } from "../streaming/runtime/timeStrings";
import { type ConsumerStrategy, consumerStrategy } from "./ConsumerStrategy";
import {
  unmatchedTopicPartitionsBetweenOffsets,
  unresolvedStartOffsetGreaterThanEndOffset,
} from "./KafkaExceptions";
import {
  type PartitionOffsetMap,
  parsePartitionOffsets,
  parsePartitionTimestamps,
  parseTpKey,
  setString,
} from "./TopicPartition";

/** Spark's KafkaOffsetRangeLimit.LATEST / EARLIEST: offsets standing for the log's end or start. */
export const LATEST = -1;
export const EARLIEST = -2;

export type StrategyOnNoMatch = "error" | "latest";

/** Spark's KafkaOffsetRangeLimit: where reading starts or ends. */
export type KafkaOffsetRangeLimit =
  | { readonly kind: "earliest" }
  | { readonly kind: "latest" }
  | { readonly kind: "specific"; readonly partitionOffsets: PartitionOffsetMap }
  | {
      readonly kind: "specificTimestamp";
      readonly topicTimestamps: PartitionOffsetMap;
      readonly strategyOnNoMatch: StrategyOnNoMatch;
    }
  | {
      readonly kind: "globalTimestamp";
      readonly timestamp: number;
      readonly strategyOnNoMatch: StrategyOnNoMatch;
    };

export interface KafkaReadOptions {
  readonly servers: string;
  readonly strategy: ConsumerStrategy;
  readonly startingOffsets: KafkaOffsetRangeLimit;
  /** Batch reads only (latest by default). */
  readonly endingOffsets: KafkaOffsetRangeLimit;
  readonly failOnDataLoss: boolean;
  readonly includeHeaders: boolean;
  readonly maxOffsetsPerTrigger?: number;
  readonly minOffsetsPerTrigger?: number;
  readonly maxTriggerDelayMs: number;
  /** Options given that Sluice does not honour, as the user spelled them. */
  readonly ignored: readonly string[];
}

export interface KafkaWriteOptions {
  readonly servers: string;
  /** The `topic` option: where rows without a `topic` column go. */
  readonly topic?: string;
  readonly ignored: readonly string[];
}

const BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
const STRATEGY_OPTION_KEYS = ["subscribe", "subscribepattern", "assign"];
const DEFAULT_MAX_TRIGGER_DELAY = "15m";

/** Source options Sluice honours (lower case). */
const HONOURED_READ_OPTIONS = new Set([
  BOOTSTRAP_SERVERS,
  ...STRATEGY_OPTION_KEYS,
  "startingoffsets",
  "endingoffsets",
  "startingoffsetsbytimestamp",
  "endingoffsetsbytimestamp",
  "startingtimestamp",
  "endingtimestamp",
  "startingoffsetsbytimestampstrategy",
  "failondataloss",
  "includeheaders",
  "maxoffsetspertrigger",
  "minoffsetspertrigger",
  "maxtriggerdelay",
]);

/** The Kafka source's schema (Spark's KafkaRecordToRowConverter.kafkaSchema). */
export function kafkaSchema(includeHeaders: boolean): StructType {
  const fields = [
    new StructField("key", BinaryType),
    new StructField("value", BinaryType),
    new StructField("topic", StringType),
    new StructField("partition", IntegerType),
    new StructField("offset", LongType),
    new StructField("timestamp", TimestampType),
    new StructField("timestampType", IntegerType),
  ];
  if (includeHeaders) fields.push(new StructField("headers", HEADERS_TYPE));
  return new StructType(fields);
}

/** `array<struct<key: string, value: binary>>`, as the source reads headers and the sink writes them. */
export const HEADERS_TYPE = new ArrayType(
  new StructType([new StructField("key", StringType), new StructField("value", BinaryType)]),
);

/** Spark's `require(schema.isEmpty, ...)` for a Kafka source given a schema. */
export function userSchemaNotAllowed(): IllegalArgumentException {
  return new IllegalArgumentException(
    "requirement failed: Kafka source has a fixed schema and cannot be set with a custom one",
  );
}

/** Spark's validateStreamOptions, then the options as the streaming source uses them. */
export function validateStreamOptions(options: Readonly<Record<string, string>>): KafkaReadOptions {
  const params = lowerCase(options);
  if (params.has("endingoffsets"))
    throw new IllegalArgumentException("ending offset not valid in streaming queries");
  if (params.has("endingoffsetsbytimestamp"))
    throw new IllegalArgumentException("ending timestamp not valid in streaming queries");
  const general = validateGeneralOptions(options, params);
  const startingOffsets = offsetRangeLimit(
    params,
    "startingtimestamp",
    "startingoffsetsbytimestamp",
    "startingoffsets",
    {
      kind: "latest",
    },
  );
  return { ...general, startingOffsets, endingOffsets: { kind: "latest" } };
}

/** Spark's validateBatchOptions, then the options as a batch read uses them. */
export function validateBatchOptions(options: Readonly<Record<string, string>>): KafkaReadOptions {
  const params = lowerCase(options);
  const startingOffsets = offsetRangeLimit(
    params,
    "startingtimestamp",
    "startingoffsetsbytimestamp",
    "startingoffsets",
    {
      kind: "earliest",
    },
  );
  if (startingOffsets.kind === "latest")
    throw new IllegalArgumentException("starting offset can't be latest for batch queries on Kafka");
  if (startingOffsets.kind === "specific") {
    for (const [tp, offset] of startingOffsets.partitionOffsets)
      if (offset === LATEST)
        throw new IllegalArgumentException(
          `startingOffsets for ${tp} can't be latest for batch queries on Kafka`,
        );
  }
  const endingOffsets = offsetRangeLimit(
    params,
    "endingtimestamp",
    "endingoffsetsbytimestamp",
    "endingoffsets",
    {
      kind: "latest",
    },
  );
  if (endingOffsets.kind === "earliest")
    throw new IllegalArgumentException("ending offset can't be earliest for batch queries on Kafka");
  if (endingOffsets.kind === "specific") {
    for (const [tp, offset] of endingOffsets.partitionOffsets)
      if (offset === EARLIEST)
        throw new IllegalArgumentException(
          `ending offset for ${tp} can't be earliest for batch queries on Kafka`,
        );
  }
  const general = validateGeneralOptions(options, params);
  checkOffsetLimitValidity(startingOffsets, endingOffsets);
  // Spark logs these as ignored in batch queries rather than failing.
  const ignored = [
    ...general.ignored,
    ...Object.keys(options).filter((k) =>
      ["maxoffsetspertrigger", "minoffsetspertrigger", "maxtriggerdelay"].includes(k.toLowerCase()),
    ),
  ];
  return { ...general, startingOffsets, endingOffsets, ignored };
}

/** Spark's kafkaParamsForProducer checks, then the options as the sink uses them. */
export function validateWriteOptions(options: Readonly<Record<string, string>>): KafkaWriteOptions {
  const params = lowerCase(options);
  if (params.has("kafka.key.serializer"))
    throw new IllegalArgumentException(
      "Kafka option 'key.serializer' is not supported as keys are serialized with ByteArraySerializer.",
    );
  if (params.has("kafka.value.serializer"))
    throw new IllegalArgumentException(
      "Kafka option 'value.serializer' is not supported as value are serialized with ByteArraySerializer.",
    );
  const servers = params.get(BOOTSTRAP_SERVERS);
  if (servers === undefined)
    throw new IllegalArgumentException(
      `Option '${BOOTSTRAP_SERVERS}' must be specified for configuring Kafka producer`,
    );
  const topic = params.get("topic")?.trim();
  const honoured = new Set([BOOTSTRAP_SERVERS, "topic", "path", "checkpointlocation", "queryname"]);
  const ignored = Object.keys(options).filter((k) => !honoured.has(k.toLowerCase()));
  return { servers: servers.trim(), topic, ignored };
}

function validateGeneralOptions(
  options: Readonly<Record<string, string>>,
  params: ReadonlyMap<string, string>,
): Omit<KafkaReadOptions, "startingOffsets" | "endingOffsets"> {
  const specified = STRATEGY_OPTION_KEYS.filter((k) => params.has(k));
  const keys = "subscribe, subscribepattern, assign";
  if (specified.length === 0)
    throw new IllegalArgumentException(
      `One of the following options must be specified for Kafka source: ${keys}. See the docs for more details.`,
    );
  if (specified.length > 1)
    throw new IllegalArgumentException(
      `Only one of the following options can be specified for Kafka source: ${keys}. See the docs for more details.`,
    );
  const [strategyKey] = specified;
  const strategyValue = params.get(strategyKey)!;
  if (strategyKey === "assign" && !strategyValue.trim().startsWith("{"))
    throw new IllegalArgumentException(
      `No topicpartitions to assign as specified value for option 'assign' is '${strategyValue}'`,
    );
  if (strategyKey === "subscribe" && strategyValue.split(",").every((t) => t.trim() === ""))
    throw new IllegalArgumentException(
      `No topics to subscribe to as specified value for option 'subscribe' is '${strategyValue}'`,
    );
  if (strategyKey === "subscribepattern" && strategyValue.trim() === "")
    throw new IllegalArgumentException(
      `Pattern to subscribe is empty as specified value for option 'subscribePattern' is '${strategyValue}'`,
    );
  if (params.has("minpartitions") && javaInt(params.get("minpartitions")!) <= 0)
    throw new IllegalArgumentException("minPartitions must be positive");
  if (params.has("maxrecordsperpartition") && javaLong(params.get("maxrecordsperpartition")!) <= 0)
    throw new IllegalArgumentException("maxrecordsperpartition must be positive");
  if (params.has("kafka.auto.offset.reset"))
    throw new IllegalArgumentException(
      "\nKafka option 'auto.offset.reset' is not supported.\nInstead set the source option 'startingoffsets' to 'earliest' or 'latest'\nto specify where to start. Structured Streaming manages which offsets are consumed\ninternally, rather than relying on the kafkaConsumer to do it. This will ensure that no\ndata is missed when new topics/partitions are dynamically subscribed. Note that\n'startingoffsets' only applies when a new Streaming query is started, and\nthat resuming will always pick up from where the query left off. See the docs for more\ndetails.\n",
    );
  if (params.has("kafka.key.deserializer"))
    throw new IllegalArgumentException(
      "Kafka option 'key.deserializer' is not supported as keys are deserialized as byte arrays with ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize the keys.",
    );
  if (params.has("kafka.value.deserializer"))
    throw new IllegalArgumentException(
      "Kafka option 'value.deserializer' is not supported as values are deserialized as byte arrays with ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize the values.",
    );
  for (const c of ["enable.auto.commit", "interceptor.classes"]) {
    if (params.has(`kafka.${c}`)) throw new IllegalArgumentException(`Kafka option '${c}' is not supported`);
  }
  const servers = params.get(BOOTSTRAP_SERVERS);
  if (servers === undefined)
    throw new IllegalArgumentException(
      `Option '${BOOTSTRAP_SERVERS}' must be specified for configuring Kafka consumer`,
    );
  const maxOffsetsPerTrigger = optionalLong(params, "maxoffsetspertrigger");
  const minOffsetsPerTrigger = optionalLong(params, "minoffsetspertrigger");
  if (
    maxOffsetsPerTrigger !== undefined &&
    minOffsetsPerTrigger !== undefined &&
    minOffsetsPerTrigger > maxOffsetsPerTrigger
  )
    throw new IllegalArgumentException(
      `The value of minOffsetPerTrigger(${minOffsetsPerTrigger}) is higher than the maxOffsetsPerTrigger(${maxOffsetsPerTrigger}).`,
    );
  if (maxOffsetsPerTrigger !== undefined && maxOffsetsPerTrigger <= 0)
    throw new IllegalArgumentException(
      `Invalid value '${maxOffsetsPerTrigger}' for option 'maxOffsetsPerTrigger', must be a positive integer`,
    );
  const maxTriggerDelayMs = timeStringAsMs(params.get("maxtriggerdelay") ?? DEFAULT_MAX_TRIGGER_DELAY);
  return {
    servers: servers.trim(),
    strategy: consumerStrategy(strategyKey, strategyValue),
    failOnDataLoss: javaBoolean(params.get("failondataloss") ?? "true"),
    includeHeaders: javaBoolean(params.get("includeheaders") ?? "false"),
    maxOffsetsPerTrigger,
    minOffsetsPerTrigger,
    maxTriggerDelayMs,
    ignored: Object.keys(options).filter(
      (k) => !HONOURED_READ_OPTIONS.has(k.toLowerCase()) && k.toLowerCase() !== "path",
    ),
  };
}

/** Spark's getKafkaOffsetRangeLimit: a global timestamp first, then per-partition timestamps, then offsets. */
function offsetRangeLimit(
  params: ReadonlyMap<string, string>,
  globalTimestampKey: string,
  byTimestampKey: string,
  offsetKey: string,
  fallback: KafkaOffsetRangeLimit,
): KafkaOffsetRangeLimit {
  const rawStrategy = params.get("startingoffsetsbytimestampstrategy");
  let strategyOnNoMatch: StrategyOnNoMatch = "error";
  if (rawStrategy !== undefined) {
    const upper = rawStrategy.toUpperCase();
    if (upper !== "ERROR" && upper !== "LATEST")
      throw new IllegalArgumentException(`No value found for '${upper}'`);
    strategyOnNoMatch = upper === "ERROR" ? "error" : "latest";
  }
  const global = params.get(globalTimestampKey);
  if (global !== undefined) {
    const ts = global.trim();
    if (!/^-?\d+$/.test(ts) || !Number.isSafeInteger(Number(ts)))
      throw new IllegalArgumentException(`Expected a single long value, got ${ts}`);
    return { kind: "globalTimestamp", timestamp: Number(ts), strategyOnNoMatch };
  }
  const byTimestamp = params.get(byTimestampKey);
  if (byTimestamp !== undefined)
    return {
      kind: "specificTimestamp",
      topicTimestamps: parsePartitionTimestamps(byTimestamp.trim()),
      strategyOnNoMatch,
    };
  const offsets = params.get(offsetKey)?.trim();
  if (offsets === undefined) return fallback;
  if (offsets.toLowerCase() === "latest") return { kind: "latest" };
  if (offsets.toLowerCase() === "earliest") return { kind: "earliest" };
  return { kind: "specific", partitionOffsets: parsePartitionOffsets(offsets) };
}

/** Spark's checkOffsetLimitValidity: specific start and end must name the same partitions, start <= end. */
function checkOffsetLimitValidity(start: KafkaOffsetRangeLimit, end: KafkaOffsetRangeLimit): void {
  const pairs =
    start.kind === "specific" && end.kind === "specific"
      ? [start.partitionOffsets, end.partitionOffsets]
      : start.kind === "specificTimestamp" && end.kind === "specificTimestamp"
        ? [start.topicTimestamps, end.topicTimestamps]
        : undefined;
  if (!pairs) return;
  const [from, until] = pairs;
  const fromKeys = setString(from.keys());
  const untilKeys = setString(until.keys());
  if (fromKeys !== untilKeys) throw unmatchedTopicPartitionsBetweenOffsets(fromKeys, untilKeys);
  for (const [tp, startOffset] of from) {
    const endOffset = until.get(tp)!;
    // earliest or latest offsets are negative and are not compared.
    if (startOffset > endOffset && startOffset >= 0 && endOffset >= 0) {
      const { topic, partition } = parseTpKey(tp);
      throw unresolvedStartOffsetGreaterThanEndOffset(startOffset, endOffset, topic, partition);
    }
  }
}

function lowerCase(options: Readonly<Record<string, string>>): Map<string, string> {
  return new Map(Object.entries(options).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

function optionalLong(params: ReadonlyMap<string, string>, key: string): number | undefined {
  const raw = params.get(key);
  return raw === undefined ? undefined : javaLong(raw);
}

/** Java's Long.parseLong, with its NumberFormatException message. */
function javaLong(raw: string): number {
  if (!/^[-+]?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)))
    throw new IllegalArgumentException(`For input string: "${raw}"`);
  return Number(raw);
}

function javaInt(raw: string): number {
  const n = javaLong(raw);
  if (n > 2147483647 || n < -2147483648) throw new IllegalArgumentException(`For input string: "${raw}"`);
  return n;
}

/** Scala's String.toBoolean: "true" or "false" in any case. */
function javaBoolean(raw: string): boolean {
  const value = raw.toLowerCase();
  if (value !== "true" && value !== "false") throw new IllegalArgumentException(`For input string: "${raw}"`);
  return value === "true";
}
