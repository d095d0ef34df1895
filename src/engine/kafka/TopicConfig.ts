/**
 * A topic's configuration, by Kafka's names: the settings the in-browser log honours, with Kafka's defaults
 * except `segment.bytes` (1 MiB, not 1 GiB: a segment is rewritten whole on each append, see LogSegment.ts).
 */
import { InvalidConfigurationException } from "./errors";

export interface TopicConfig {
  /** Segments whose newest record is older than this are deleted; -1 keeps them for ever. */
  readonly "retention.ms": number;
  /** Oldest segments are deleted while the partition is bigger than this; -1 for no limit. */
  readonly "retention.bytes": number;
  /** A segment is closed and a new one started once it reaches this size. */
  readonly "segment.bytes": number;
  /** CreateTime: the producer's timestamp; LogAppendTime: the time the log appended the record. */
  readonly "message.timestamp.type": "CreateTime" | "LogAppendTime";
  readonly "cleanup.policy": "delete";
}

export const DEFAULT_TOPIC_CONFIG: TopicConfig = {
  "retention.ms": 604_800_000,
  "retention.bytes": -1,
  "segment.bytes": 1_048_576,
  "message.timestamp.type": "CreateTime",
  "cleanup.policy": "delete",
};

/** Kafka's config names and values as strings (or numbers), checked and merged over the defaults. */
export function parseTopicConfig(
  values: Readonly<Record<string, string | number>> = {},
  base: TopicConfig = DEFAULT_TOPIC_CONFIG,
): TopicConfig {
  const config: Record<string, string | number> = { ...base };
  for (const [name, raw] of Object.entries(values)) {
    const value = String(raw).trim();
    switch (name) {
      case "retention.ms":
      case "retention.bytes": {
        const n = Number(value);
        if (value === "" || !Number.isSafeInteger(n) || n < -1)
          throw invalidValue(name, value, "a whole number, -1 for no limit");
        config[name] = n;
        break;
      }
      case "segment.bytes": {
        const n = Number(value);
        if (value === "" || !Number.isSafeInteger(n) || n < 14)
          throw invalidValue(name, value, "a whole number of at least 14");
        config[name] = n;
        break;
      }
      case "message.timestamp.type":
        if (value !== "CreateTime" && value !== "LogAppendTime")
          throw invalidValue(name, value, "CreateTime or LogAppendTime");
        config[name] = value;
        break;
      case "cleanup.policy":
        if (value !== "delete")
          throw new InvalidConfigurationException(
            `Invalid value ${value} for configuration cleanup.policy: Sluice's in-browser topics support only 'delete' (log compaction is not implemented)`,
          );
        config[name] = value;
        break;
      default:
        throw new InvalidConfigurationException(`Unknown topic config name: ${name}`);
    }
  }
  return config as unknown as TopicConfig;
}

function invalidValue(name: string, value: string, expected: string): InvalidConfigurationException {
  return new InvalidConfigurationException(
    `Invalid value ${value} for configuration ${name}: must be ${expected}`,
  );
}
