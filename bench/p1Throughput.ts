/**
 * P1 throughput: the seed query (finalize events counted per traffic source) over the same event files, four
 * ways in one run: Sluice (availableNow), the best direct DuckDB-WASM path written by hand (parquet-wasm decodes
 * the two needed columns to Arrow IPC, each file its own table, one UNION ALL query), native DuckDB
 * (@duckdb/node-api, read_parquet: the hardware's ceiling) and a plain JavaScript loop over the decoded rows.
 */
import { readFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import * as arrow from "apache-arrow";
import * as pq from "parquet-wasm/esm";
import type { SparkSession } from "../src/engine/index";
import { nodePlatform } from "../src/engine/platform/node";
import { eventFiles } from "./data";
import { median, timeMs } from "./measure";
import { startSeedQuery } from "./seedQuery";

export type Counts = Record<string, number>;
const COLUMNS = ["event_name", "traffic_source"];

export interface P1Result {
  rows: number;
  files: number;
  /** Median milliseconds per path. */
  sluice: number;
  sluicePerFile: number;
  wasm: number;
  native: number;
  jsLoop: number;
}

export async function p1Throughput(
  spark: SparkSession,
  root: string,
  sizes: readonly { rows: number; files: number; repetitions: number }[],
): Promise<P1Result[]> {
  const wasm = await DirectWasm.open();
  const native = await (await DuckDBInstance.create(":memory:")).connect();
  let queries = 0;
  const sluice = async (dir: string, maxFilesPerTrigger?: number): Promise<Counts> => {
    queries += 1;
    const name = `p1_${queries}`;
    const query = await startSeedQuery(spark, dir, name, maxFilesPerTrigger);
    await query.awaitTermination();
    const rows = await spark.sql(`SELECT * FROM ${name}`).collect();
    return Object.fromEntries(rows.map((r) => [String(r.traffic_source), Number(r.count)]));
  };
  const nativeCounts = async (local: string[]): Promise<Counts> => {
    const list = local.map((p) => `'${p}'`).join(", ");
    const result = await native.runAndReadAll(
      `SELECT traffic_source, count(*) AS n FROM read_parquet([${list}]) WHERE event_name = 'finalize' GROUP BY 1`,
    );
    return Object.fromEntries(result.getRows().map(([s, n]) => [String(s), Number(n)]));
  };

  const results: P1Result[] = [];
  for (const [i, size] of sizes.entries()) {
    const files = await eventFiles(spark, root, size.rows, size.files);
    const paths = {
      sluice: () => sluice(files.dir),
      sluicePerFile: () => sluice(files.dir, 1),
      wasm: () => wasm.counts(files.local),
      native: () => nativeCounts(files.local),
      jsLoop: () => jsLoopCounts(files.local),
    };
    // The first size warms every path up (WebAssembly compilation, JIT) before anything is timed.
    if (i === 0) for (const run of Object.values(paths)) await run();
    const times: Record<keyof typeof paths, number[]> = {
      sluice: [],
      sluicePerFile: [],
      wasm: [],
      native: [],
      jsLoop: [],
    };
    const answers = new Map<string, string>();
    // Side by side: each repetition runs every path once, so machine noise hits them alike; the order rotates
    // so that no path always runs right after the same neighbour (the JS loop leaves a large heap behind).
    const order = Object.entries(paths) as [keyof typeof paths, () => Promise<Counts>][];
    for (let rep = 0; rep < size.repetitions; rep++) {
      for (const [key, run] of [...order.slice(rep % order.length), ...order.slice(0, rep % order.length)]) {
        let counts: Counts = {};
        times[key].push(
          await timeMs(async () => {
            counts = await run();
          }),
        );
        answers.set(key, JSON.stringify(Object.entries(counts).sort()));
      }
    }
    if (new Set(answers.values()).size !== 1)
      throw new Error(`P1: the paths disagree on ${size.rows} rows: ${JSON.stringify([...answers])}`);
    results.push({
      rows: size.rows,
      files: size.files,
      sluice: median(times.sluice),
      sluicePerFile: median(times.sluicePerFile),
      wasm: median(times.wasm),
      native: median(times.native),
      jsLoop: median(times.jsLoop),
    });
  }
  native.closeSync();
  wasm.close();
  return results;
}

/** The hand-written DuckDB-WASM path: what Sluice would be with no engine around DuckDB. */
export class DirectWasm {
  private constructor(private readonly bindings: Awaited<ReturnType<typeof nodePlatform.openDuckDB>>) {}

  static async open(): Promise<DirectWasm> {
    return new DirectWasm(await nodePlatform.openDuckDB());
  }

  async counts(local: string[]): Promise<Counts> {
    const conn = this.bindings.connect();
    try {
      const tables: string[] = [];
      for (const [i, path] of local.entries()) {
        conn.insertArrowFromIPCStream(await decodeColumns(path), { name: `t${i}`, create: true });
        tables.push(`SELECT * FROM t${i}`);
      }
      const sql = `SELECT traffic_source, count(*) AS n FROM (${tables.join(" UNION ALL ")}) WHERE event_name = 'finalize' GROUP BY 1`;
      // biome-ignore lint/correctness/useHookAtTopLevel: DuckDB's method, not a React hook
      const ipc = conn.useUnsafe((b, id) => b.runQuery(id, sql));
      const result = arrow.tableFromIPC(ipc);
      for (let i = 0; i < local.length; i++) conn.query(`DROP TABLE t${i}`);
      const sources = result.getChild("traffic_source")!;
      const n = result.getChild("n")!;
      return Object.fromEntries(
        Array.from({ length: result.numRows }, (_, i) => [String(sources.get(i)), Number(n.get(i))]),
      );
    } finally {
      conn.close();
    }
  }

  /**
   * The same answer one file at a time, as a trigger per file would compute it with nothing around DuckDB: each
   * file decoded, inserted, counted by one query and dropped; the counts added up.
   */
  async countsPerFile(local: string[]): Promise<Counts> {
    const conn = this.bindings.connect();
    const counts: Counts = {};
    try {
      for (const path of local) {
        conn.insertArrowFromIPCStream(await decodeColumns(path), { name: "t", create: true });
        const sql = "SELECT traffic_source, count(*) AS n FROM t WHERE event_name = 'finalize' GROUP BY 1";
        // biome-ignore lint/correctness/useHookAtTopLevel: DuckDB's method, not a React hook
        const result = arrow.tableFromIPC(conn.useUnsafe((b, id) => b.runQuery(id, sql)));
        conn.query("DROP TABLE t");
        const sources = result.getChild("traffic_source")!;
        const n = result.getChild("n")!;
        for (let i = 0; i < result.numRows; i++) {
          const source = String(sources.get(i));
          counts[source] = (counts[source] ?? 0) + Number(n.get(i));
        }
      }
      return counts;
    } finally {
      conn.close();
    }
  }

  close(): void {
    this.bindings.reset();
  }
}

/**
 * The two columns of a file, decoded by parquet-wasm's ParquetFile reader (its synchronous readParquet ignores
 * the column list and decodes all eight).
 */
async function decodeColumns(path: string): Promise<Uint8Array> {
  const file = await pq.ParquetFile.fromFile(new Blob([readFileSync(path)]));
  try {
    return (await file.read({ columns: COLUMNS })).intoIPCStream();
  } finally {
    file.free();
  }
}

/** Decoded by parquet-wasm, counted row by row in JavaScript. */
async function jsLoopCounts(local: string[]): Promise<Counts> {
  const counts: Counts = {};
  for (const path of local) {
    const table = arrow.tableFromIPC(await decodeColumns(path));
    const names = table.getChild("event_name")!;
    const sources = table.getChild("traffic_source")!;
    for (let i = 0; i < table.numRows; i++) {
      if (names.get(i) !== "finalize") continue;
      const source = String(sources.get(i));
      counts[source] = (counts[source] ?? 0) + 1;
    }
  }
  return counts;
}
