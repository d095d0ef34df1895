/**
 * Event files for the engine's own tests: Parquet with the seed query's five columns, made from a seeded
 * pseudo-random sequence, so a test's input is reproducible and its expected answer is computed from the files
 * (expected.ts). The notebook's teaching data (src/datasets) sits a layer above the engine and is not used here.
 */
import * as arrow from "apache-arrow";
import { joinPath } from "../io/FileSystem";
import { encodeParquet, initParquet } from "../io/parquet";
import type { SparkSession } from "../session/SparkSession";

export const SEED_SCHEMA =
  "user_id STRING, event_timestamp BIGINT, event_name STRING, traffic_source STRING, device STRING";

const EVENT_NAMES = ["main", "add_item", "cart", "checkout", "finalize", "email_coupon", "warranty"];
const TRAFFIC_SOURCES = ["google", "facebook", "instagram", "email", "youtube", "direct"];
const DEVICES = ["macOS", "Windows", "iOS", "Android", "Linux"];
/** 2020-07-01T00:00:00Z in microseconds; file N covers the minute after file N-1. */
const EPOCH_US = 1_593_561_600_000_000;

export function eventFilePath(dir: string, index: number): string {
  return joinPath(dir, `part-${String(index).padStart(5, "0")}.parquet`);
}

/** Writes files `firstIndex`.. of the sequence under `dir` and returns their paths; file N is always the same. */
export async function writeEventFiles(
  spark: SparkSession,
  dir: string,
  files: number,
  rowsPerFile: number,
  seed = 7,
  firstIndex = 0,
): Promise<string[]> {
  await initParquet();
  const paths: string[] = [];
  for (let index = firstIndex; index < firstIndex + files; index++) {
    const path = eventFilePath(dir, index);
    await spark.fs.writeFile(path, encodeParquet(eventTable(seed, index, rowsPerFile)));
    paths.push(path);
  }
  return paths;
}

function eventTable(seed: number, index: number, rows: number): arrow.Table {
  let state = (seed * 1_000_003 + index * 7_919 + 1) >>> 0;
  const next = (n: number) => {
    // A linear congruential generator (Numerical Recipes' constants): small, seeded, the same everywhere.
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % n;
  };
  const column = { user_id: [] as string[], event_timestamp: [] as bigint[], event_name: [] as string[] };
  const traffic: string[] = [];
  const device: string[] = [];
  for (let row = 0; row < rows; row++) {
    column.user_id.push(`UA${String(next(100_000)).padStart(12, "0")}`);
    column.event_timestamp.push(
      BigInt(EPOCH_US + index * 60_000_000 + Math.floor((row * 60_000_000) / rows)),
    );
    column.event_name.push(EVENT_NAMES[next(EVENT_NAMES.length)]);
    traffic.push(TRAFFIC_SOURCES[next(TRAFFIC_SOURCES.length)]);
    device.push(DEVICES[next(DEVICES.length)]);
  }
  return new arrow.Table({
    user_id: arrow.vectorFromArray(column.user_id, new arrow.Utf8()),
    event_timestamp: arrow.vectorFromArray(column.event_timestamp, new arrow.Int64()),
    event_name: arrow.vectorFromArray(column.event_name, new arrow.Utf8()),
    traffic_source: arrow.vectorFromArray(traffic, new arrow.Utf8()),
    device: arrow.vectorFromArray(device, new arrow.Utf8()),
  });
}
