import * as arrow from "apache-arrow";
import type { FileSystem } from "../engine/index";
import { DuckDB, encodeParquet, initParquet, joinPath } from "../engine/internal";

/**
 * A deterministic BedBricks-like clickstream (the data set of Databricks' Structured Streaming course), made in
 * DuckDB SQL (range + hash) so millions of rows take well under a second, and written as Parquet files. Every
 * value is a hash of (seed, row number, column): the same options give the same bytes, and file N can be made
 * on its own (the notebook's file drip makes them one at a time).
 */
export interface EventsOptions {
  /** Different seeds give different data; the same seed the same data. Default 42. */
  seed?: number;
  /** Number of files. Default 10. */
  files?: number;
  /** Rows in each file. Default 1000. */
  rowsPerFile?: number;
  /** Distinct users to draw user_id from. Default 20_000. */
  users?: number;
  /** Event time covered by each file; file N starts where file N-1 ends. Default 60 s. */
  secondsPerFile?: number;
  /**
   * Out-of-order arrival: every row's event time is its place in the file's time span plus a random 0 to this
   * many seconds, so rows within a file come out of event-time order. 0 keeps them in order. Default 2.
   */
  disorderSeconds?: number;
  /**
   * The share of rows, 0 to 1, that arrive late: their event time is up to `lateBySeconds` behind, though never
   * before file 0's start (a row that would be stays on time). Default 0.03.
   */
  lateFraction?: number;
  /** How far behind a late row's event time is: a random amount over 0, up to this. Default 5 files' worth. */
  lateBySeconds?: number;
}

export interface EventFileOptions extends Omit<EventsOptions, "files"> {
  /** Which file of the sequence (0-based). */
  index: number;
}

/** The Spark DDL of the generated files, for `spark.readStream.schema(...)`. */
export const EVENTS_SCHEMA_DDL =
  "user_id STRING, event_timestamp BIGINT, event_name STRING, traffic_source STRING, device STRING, " +
  "geo STRUCT<city: STRING, state: STRING>, " +
  "ecommerce STRUCT<purchase_revenue_in_usd: DOUBLE, total_item_quantity: BIGINT, unique_items: BIGINT>, " +
  "items ARRAY<STRUCT<coupon: STRING, item_id: STRING, item_name: STRING, item_revenue_in_usd: DOUBLE, " +
  "price_in_usd: DOUBLE, quantity: BIGINT>>";

/** 2020-07-01T00:00:00Z in microseconds: where file 0's event time starts. */
export const EVENTS_EPOCH_US = 1_593_561_600_000_000;

/** Weighted choices: [value, weight]. Weights need not add up to anything. */
type Weighted = ReadonlyArray<readonly [string, number]>;

export const EVENT_NAMES: Weighted = [
  ["main", 22],
  ["mattresses", 9],
  ["pillows", 5],
  ["original", 5],
  ["premium", 4],
  ["foam", 5],
  ["reviews", 6],
  ["add_item", 8],
  ["cart", 7],
  ["checkout", 5],
  ["shipping_info", 4],
  ["cc_info", 3],
  ["finalize", 5],
  ["register", 3],
  ["email_coupon", 3],
  ["warranty", 2],
  ["delivery", 2],
  ["press", 2],
];

export const TRAFFIC_SOURCES: Weighted = [
  ["google", 30],
  ["facebook", 20],
  ["instagram", 14],
  ["youtube", 10],
  ["email", 16],
  ["direct", 10],
];

export const DEVICES: Weighted = [
  ["macOS", 28],
  ["Windows", 27],
  ["iOS", 20],
  ["Android", 20],
  ["Linux", 5],
];

const CITIES: ReadonlyArray<readonly [string, string]> = [
  ["New York", "NY"],
  ["Los Angeles", "CA"],
  ["Chicago", "IL"],
  ["Houston", "TX"],
  ["Phoenix", "AZ"],
  ["Philadelphia", "PA"],
  ["San Antonio", "TX"],
  ["San Diego", "CA"],
  ["Dallas", "TX"],
  ["Austin", "TX"],
  ["Seattle", "WA"],
  ["Denver", "CO"],
  ["Boston", "MA"],
  ["Nashville", "TN"],
  ["Portland", "OR"],
  ["Miami", "FL"],
  ["Atlanta", "GA"],
  ["Minneapolis", "MN"],
];

/** BedBricks' catalogue: [item_id, item_name, price_in_usd]. */
const ITEMS: ReadonlyArray<readonly [string, string, number]> = [
  ["M_STAN_K", "Standard King Mattress", 1195],
  ["M_STAN_Q", "Standard Queen Mattress", 995],
  ["M_STAN_F", "Standard Full Mattress", 945],
  ["M_STAN_T", "Standard Twin Mattress", 595],
  ["M_PREM_K", "Premium King Mattress", 1795],
  ["M_PREM_Q", "Premium Queen Mattress", 1795],
  ["M_PREM_F", "Premium Full Mattress", 1695],
  ["M_PREM_T", "Premium Twin Mattress", 1095],
  ["P_FOAM_K", "Standard Foam Pillow", 59],
  ["P_FOAM_S", "Standard Foam Pillow", 53],
  ["P_DOWN_K", "Premium Down Pillow", 159],
  ["P_DOWN_S", "Premium Down Pillow", 149],
];

/** Events that carry items in the cart; `finalize` is the purchase and carries the ecommerce totals. */
const CART_EVENTS = ["add_item", "cart", "checkout", "shipping_info", "cc_info", "finalize"];

/** Parquet bytes of the generated files, in order. */
export async function generateEvents(options: EventsOptions = {}, db?: DuckDB): Promise<Uint8Array[]> {
  const files = options.files ?? 10;
  const out: Uint8Array[] = [];
  for (let index = 0; index < files; index++) out.push(await generateEventFile({ ...options, index }, db));
  return out;
}

/** File `index` of the sequence, as Parquet bytes. */
export async function generateEventFile(options: EventFileOptions, db?: DuckDB): Promise<Uint8Array> {
  await initParquet();
  const duck = db ?? (await sharedDuckDB());
  return encodeParquet(arrow.tableFromIPC(queryIPC(duck, eventsSql(options))));
}

/**
 * Writes the files as `<dir>/part-00000.parquet`, ... and returns their paths. With `firstIndex`, numbering
 * (and the data: file N is always the same) starts there, e.g. after the files already in the folder.
 */
export async function writeEvents(
  fs: FileSystem,
  dir: string,
  options: EventsOptions & { firstIndex?: number } = {},
  db?: DuckDB,
): Promise<string[]> {
  const paths: string[] = [];
  const first = options.firstIndex ?? 0;
  const files = options.files ?? 10;
  for (let index = first; index < first + files; index++) {
    const path = eventFilePath(dir, index);
    await fs.writeFile(path, await generateEventFile({ ...options, index }, db));
    paths.push(path);
  }
  return paths;
}

export function eventFilePath(dir: string, index: number): string {
  return joinPath(dir, `part-${String(index).padStart(5, "0")}.parquet`);
}

/** Files of the sequence already in `dir`: where numbering goes on, so a running stream sees the new ones. */
export async function eventFileCount(fs: FileSystem, dir: string): Promise<number> {
  return (await fs.list(dir)).filter((f) => /^part-\d+\.parquet$/.test(f.name)).length;
}

/**
 * Runs the query on a connection of our own and takes DuckDB's Arrow IPC bytes: in Node, DuckDB's CJS build
 * returns tables of its own apache-arrow copy, which this (ESM) module's tableToIPC cannot serialise.
 */
function queryIPC(db: DuckDB, sql: string): Uint8Array {
  const connection = db.bindings.connect();
  try {
    // biome-ignore lint/correctness/useHookAtTopLevel: DuckDB's method, not a React hook
    return connection.useUnsafe((bindings, id) => bindings.runQuery(id, sql));
  } finally {
    connection.close();
  }
}

let shared: Promise<DuckDB> | undefined;
function sharedDuckDB(): Promise<DuckDB> {
  shared ??= DuckDB.open();
  return shared;
}

/** The SELECT that makes file `index`: one row per `range` value, every column a hash of (seed, row, salt). */
export function eventsSql(options: EventFileOptions): string {
  const seed = int(options.seed ?? 42, "seed");
  const rows = int(options.rowsPerFile ?? 1000, "rowsPerFile");
  const users = int(options.users ?? 20_000, "users");
  const windowUs = int(options.secondsPerFile ?? 60, "secondsPerFile") * 1_000_000;
  const disorderUs = micros(options.disorderSeconds ?? 2, "disorderSeconds");
  const lateByUs =
    options.lateBySeconds === undefined ? 5 * windowUs : micros(options.lateBySeconds, "lateBySeconds");
  const lateShare = fraction(options.lateFraction ?? 0.03, "lateFraction");
  const latePpm = lateByUs > 0 ? Math.round(lateShare * 1_000_000) : 0;
  const index = int(options.index, "index");
  const first = index * rows;
  // A uniform draw in [0, n) for row `r`, independent per salt.
  const draw = (salt: number, n: number) => `(hash(r, ${seed}, ${salt}) % ${n})::BIGINT`;
  const itemIds = `[${ITEMS.map(([id]) => `'${id}'`).join(", ")}]`;
  const itemNames = `[${ITEMS.map(([, name]) => `'${name}'`).join(", ")}]`;
  const itemPrices = `[${ITEMS.map(([, , price]) => `${price}.0`).join(", ")}]`;
  const cities = `[${CITIES.map(([city]) => `'${city}'`).join(", ")}]`;
  const states = `[${CITIES.map(([, state]) => `'${state}'`).join(", ")}]`;
  // Event time grows with the row number (files arrive in time order) plus up to `disorderUs` of jitter (rows
  // out of order); `latePpm` per million rows arrive late, up to `lateByUs` behind: what watermarks are for.
  // `due` is a row's time after the jitter, from file 0's start; no late row goes back before that start (a
  // data set that begins at 00:00 has no events from the day before), so such a row stays on time.
  // A modulus of 0 would be a division by zero: a zero range draws 0.
  const draw0 = (salt: number, n: number) => (n > 0 ? draw(salt, n) : "0::BIGINT");
  const step = windowUs / rows;
  return `
WITH draws AS (
  SELECT r,
    ${draw(1, users)} AS user_n,
    ${draw0(2, disorderUs)} AS jitter,
    CASE WHEN ${draw(3, 1_000_000)} < ${latePpm} THEN 1 + ${draw(4, lateByUs)} ELSE 0 END AS lateness,
    ${draw(5, total(EVENT_NAMES))} AS event_roll,
    ${draw(6, total(TRAFFIC_SOURCES))} AS source_roll,
    ${draw(7, total(DEVICES))} AS device_roll,
    1 + ${draw(8, CITIES.length)} AS city
  FROM range(${first}, ${first + rows}) t(r)
), events AS (
  SELECT r, user_n, city,
    ${EVENTS_EPOCH_US}::BIGINT + due - CASE WHEN lateness <= due THEN lateness ELSE 0 END AS event_timestamp,
    ${weightedCase(EVENT_NAMES, "event_roll")} AS event_name,
    ${weightedCase(TRAFFIC_SOURCES, "source_roll")} AS traffic_source,
    ${weightedCase(DEVICES, "device_roll")} AS device
  FROM (SELECT *, ${index * windowUs}::BIGINT + floor((r - ${first}) * ${step})::BIGINT + jitter AS due FROM draws)
), carts AS (
  SELECT *,
    CASE WHEN event_name IN (${CART_EVENTS.map((e) => `'${e}'`).join(", ")})
      THEN list_transform(range(1 + ${draw(9, 3)}), lambda j: {
        'k': 1 + (hash(r, ${seed}, 10, j) % ${ITEMS.length})::BIGINT,
        'coupon': CASE WHEN hash(r, ${seed}, 11, j) % 10 = 0 THEN 'NEWBED10' END,
        'quantity': 1 + (hash(r, ${seed}, 12, j) % 2)::BIGINT })
      ELSE [] END AS picked
  FROM events
), priced AS (
  SELECT *, list_transform(picked, lambda p: {
      'coupon': p.coupon,
      'item_id': ${itemIds}[p.k],
      'item_name': ${itemNames}[p.k],
      'item_revenue_in_usd': round(${itemPrices}[p.k] * p.quantity * CASE WHEN p.coupon IS NULL THEN 1 ELSE 0.9 END, 2)::DOUBLE,
      'price_in_usd': ${itemPrices}[p.k]::DOUBLE,
      'quantity': p.quantity }) AS items
  FROM carts
)
SELECT
  'UA000000' || (100000000 + user_n)::VARCHAR AS user_id,
  event_timestamp,
  event_name,
  traffic_source,
  device,
  {'city': ${cities}[city], 'state': ${states}[city]} AS geo,
  CASE WHEN event_name = 'finalize' THEN {
      'purchase_revenue_in_usd': list_sum(list_transform(items, lambda i: i.item_revenue_in_usd))::DOUBLE,
      'total_item_quantity': list_sum(list_transform(items, lambda i: i.quantity))::BIGINT,
      'unique_items': length(list_distinct(list_transform(items, lambda i: i.item_id)))::BIGINT }
    ELSE {'purchase_revenue_in_usd': NULL::DOUBLE, 'total_item_quantity': NULL::BIGINT, 'unique_items': NULL::BIGINT}
  END AS ecommerce,
  items
FROM priced`;
}

function total(choices: Weighted): number {
  return choices.reduce((sum, [, weight]) => sum + weight, 0);
}

/** CASE over cumulative weights: `roll` in [0, total) picks each value with its weight's share. */
function weightedCase(choices: Weighted, roll: string): string {
  let upTo = 0;
  const whens = choices.map(([value, weight]) => {
    upTo += weight;
    return `WHEN ${roll} < ${upTo} THEN '${value}'`;
  });
  return `CASE ${whens.join(" ")} END`;
}

/** Non-negative seconds, as whole microseconds. */
function micros(seconds: number, name: string): number {
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new RangeError(`${name} must be a non-negative number of seconds`);
  return Math.round(seconds * 1_000_000);
}

function fraction(value: number, name: string): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be a number from 0 to 1`);
  return value;
}

function int(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer`);
  return value;
}
