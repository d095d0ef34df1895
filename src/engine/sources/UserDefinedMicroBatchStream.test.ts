/**
 * A data source of TypeScript code run as Spark runs a Python data source (PythonMicroBatchStream,
 * PythonStreamingDataSourceSuite's checks): offsets as the reader's JSON in the offset log, the rows between two
 * offsets per batch, commit after each batch, stop at the end, a restart reading on from the checkpoint, and
 * Spark 4.2's admission control options as the read limit.
 */
import { describe, expect, it } from "vitest";
import { AnalysisException, IllegalArgumentException } from "../errors";
import { parseSchema } from "../sql/types";
import { collectBatches } from "../testing/batches";
import { readText, sharedSession } from "../testing/files";
import type { UserDefinedDataSource, UserReadLimit, UserStreamReader } from "./UserDefinedDataSource";
import { defaultReadLimit } from "./UserDefinedMicroBatchStream";

const SCHEMA = parseSchema("id INT");

/** A source of ids 0 .. size-1; offsets `{"offset":n}`; what the engine asked is recorded in `calls`. */
function rangeSource(size: number, calls: string[]): UserDefinedDataSource {
  const at = (json: string) => (JSON.parse(json) as { offset: number }).offset;
  return {
    schema: () => SCHEMA,
    read: async () => Array.from({ length: size }, (_, i) => [i]),
    streamReader: async (): Promise<UserStreamReader> => ({
      initialOffset: async () => '{"offset":0}',
      latestOffset: async (start: string, limit: UserReadLimit) => {
        calls.push(`latestOffset ${start} ${JSON.stringify(limit)}`);
        const end = limit.type === "maxRows" ? Math.min(at(start) + limit.maxRows, size) : size;
        return { offset: `{"offset":${end}}`, reported: `{"offset":${size}}` };
      },
      read: async (start, end) => Array.from({ length: at(end) - at(start) }, (_, i) => [at(start) + i]),
      commit: async (end) => {
        calls.push(`commit ${end}`);
      },
      stop: async () => {
        calls.push("stop");
      },
    }),
  };
}

describe("a user-defined data source", () => {
  const ctx = sharedSession();

  it("streams in batches of maxRecordsPerBatch rows, its offsets in the offset log, commits after each", async () => {
    const { t, dir } = ctx;
    const calls: string[] = [];
    t.spark.dataSource.register("Range10", rangeSource(10, calls));
    const collector = collectBatches();
    const query = await t.spark.readStream
      .format("range10")
      .option("maxRecordsPerBatch", 4)
      .load()
      .writeStream.foreachBatch(collector.fn)
      .option("checkpointLocation", `${dir}/ckpt`)
      .start();
    await query.processAllAvailable();
    await query.stop();
    expect([...collector.batches.entries()].map(([id, rows]) => [id, rows.map((r) => r.id)])).toEqual([
      [0, [0, 1, 2, 3]],
      [1, [4, 5, 6, 7]],
      [2, [8, 9]],
    ]);
    const logged = await Promise.all([0, 1, 2].map((n) => readText(t, `${dir}/ckpt/offsets/${n}`)));
    expect(logged.map((text) => text.split("\n").at(-1))).toEqual([
      '{"offset":4}',
      '{"offset":8}',
      '{"offset":10}',
    ]);
    expect(calls.filter((c) => c.startsWith("commit") || c === "stop")).toEqual([
      'commit {"offset":4}',
      'commit {"offset":8}',
      'commit {"offset":10}',
      "stop",
    ]);
    // The first batch asks from the initial offset, with the maxRows limit of the option.
    expect(calls[0]).toBe('latestOffset {"offset":0} {"type":"maxRows","maxRows":4}');
    const [source] = query.recentProgress[0].sources;
    expect(source.description).toMatch(
      /^org\.apache\.spark\.sql\.execution\.datasources\.v2\.python\.PythonMicroBatchStream@/,
    );
    expect([source.startOffset, source.endOffset, source.latestOffset]).toEqual([
      null,
      { offset: 4 },
      { offset: 10 },
    ]);
  });

  it("restarts from the checkpoint: the new reader is asked on from the last offset", async () => {
    const { t, dir } = ctx;
    const calls: string[] = [];
    t.spark.dataSource.register("Range3", rangeSource(3, calls));
    const start = (collector: ReturnType<typeof collectBatches>) =>
      t.spark.readStream
        .format("Range3")
        .load()
        .writeStream.foreachBatch(collector.fn)
        .option("checkpointLocation", `${dir}/ckpt`)
        .start();
    const first = collectBatches();
    const query = await start(first);
    await query.processAllAvailable();
    await query.stop();
    t.spark.dataSource.register("Range3", rangeSource(5, calls));
    const second = collectBatches();
    const again = await start(second);
    await again.processAllAvailable();
    await again.stop();
    expect([...first.batches.entries()].map(([id, rows]) => [id, rows.map((r) => r.id)])).toEqual([
      [0, [0, 1, 2]],
    ]);
    expect([...second.batches.entries()].map(([id, rows]) => [id, rows.map((r) => r.id)])).toEqual([
      [1, [3, 4]],
    ]);
    expect(calls).toContain('latestOffset {"offset":3} {"type":"allAvailable"}');
  });

  it("reads in batch with the source's schema, or the user's", async () => {
    const { t } = ctx;
    t.spark.dataSource.register("Range2", rangeSource(2, []));
    const df = t.spark.read.format("Range2").load();
    expect((await df.collect()).map((r) => r.id)).toEqual([0, 1]);
    const typed = await t.spark.read.format("Range2").schema("n BIGINT").load().resolve();
    expect(typed.columns).toEqual(["n"]);
    expect(() => t.spark.read.format("NoSuchSource").load()).toThrow(AnalysisException);
  });

  it("takes Spark 4.2's admission control options as PythonMicroBatchStream.getDefaultReadLimit does", () => {
    expect(defaultReadLimit({})).toEqual({ type: "allAvailable" });
    expect(defaultReadLimit({ maxrecordsperbatch: "5" })).toEqual({ type: "maxRows", maxRows: 5 });
    expect(defaultReadLimit({ maxFilesPerBatch: "2" })).toEqual({ type: "maxFiles", maxFiles: 2 });
    expect(defaultReadLimit({ maxBytesPerBatch: "1024" })).toEqual({ type: "maxBytes", maxBytes: 1024 });
    expect(() => defaultReadLimit({ maxRecordsPerBatch: "0" })).toThrow(IllegalArgumentException);
    expect(() => defaultReadLimit({ maxRecordsPerBatch: "x" })).toThrow(
      "Invalid value 'x' for option 'maxRecordsPerBatch', must be a positive integer",
    );
  });
});
