import { describe, expect, it } from "vitest";
import { AnalysisException } from "../errors/exceptions";
import { toRows } from "../sql/api/rows";
import { sharedSession } from "../testing/files";
import { socketServer } from "./SocketServer";
import type { SourceBatch } from "./Source";
import { ConnectException, TextSocketSource } from "./TextSocketSource";

describe("the socket source", () => {
  const ctx = sharedSession();
  let nextPort = 9000;
  const quiet = () => {};
  const source = (port: number, options: Record<string, string> = {}) =>
    new TextSocketSource(ctx.t.spark, { host: "localhost", port: String(port), ...options }, quiet);
  const rowsOf = (batch: SourceBatch) => (batch.sql === "" ? [] : toRows(ctx.t.spark.db.query(batch.sql)));
  /** Runs one trigger as MicroBatchExecution does; returns the new committed offset and the rows. */
  const trigger = async (s: TextSocketSource, committed: string | undefined) => {
    const end = await s.latestOffset(committed);
    if (end === undefined || end === committed) return { committed, rows: [] };
    const rows = rowsOf(await s.getBatch(committed, end));
    await s.commit(end);
    return { committed: end, rows };
  };

  it("checks its options as Spark's TextSocketSourceProvider", () => {
    const make = (o: Record<string, string>) => () => new TextSocketSource(ctx.t.spark, o, quiet);
    /** Spark's QueryCompilationErrors for the socket options: legacy conditions, their message alone. */
    const refusal = (o: Record<string, string>) => {
      try {
        make(o)();
      } catch (e) {
        expect(e).toBeInstanceOf(AnalysisException);
        const error = e as AnalysisException;
        return [error.getCondition(), error.message];
      }
      throw new Error("the options were accepted");
    };
    expect(refusal({ port: "1" })).toEqual([
      "_LEGACY_ERROR_TEMP_1295",
      'Set a host to read from with option("host", ...).',
    ]);
    expect(refusal({ host: "localhost" })).toEqual([
      "_LEGACY_ERROR_TEMP_1296",
      'Set a port to read from with option("port", ...).',
    ]);
    expect(make({ host: "localhost", port: "x" })).toThrow('For input string: "x"');
    expect(refusal({ host: "localhost", port: "1", includeTimestamp: "yes" })).toEqual([
      "_LEGACY_ERROR_TEMP_1297",
      'includeTimestamp must be set to either "true" or "false"',
    ]);
  });

  it("refuses to start where no socket server listens, saying how to start one", async () => {
    const port = nextPort++;
    await expect(source(port).validate()).rejects.toThrow(ConnectException);
    await expect(source(port).validate()).rejects.toThrow(`socketServer(spark, "localhost", ${port})`);
  });

  it("turns each line sent into a row, in order, batch after batch", async () => {
    const port = nextPort++;
    const server = socketServer(ctx.t.spark, "localhost", port);
    const s = source(port);
    await s.validate();
    expect(s.description).toBe(`TextSocketV2[host: localhost, port: ${port}]`);
    expect(s.schema.simpleString()).toBe("struct<value:string>");
    expect(await s.latestOffset(undefined)).toBeUndefined();
    expect(server.send("the cat sat\non the mat\n", "again")).toBe(3);
    let step = await trigger(s, undefined);
    expect(step.committed).toBe("2");
    expect(step.rows).toEqual([{ value: "the cat sat" }, { value: "on the mat" }, { value: "again" }]);
    server.send("");
    step = await trigger(s, step.committed);
    expect(step.rows).toEqual([{ value: "" }]);
    step = await trigger(s, step.committed);
    expect(step.rows).toEqual([]);
  });

  it("adds the arrival time with includeTimestamp, delivers waiting lines on connect, and to every listener", async () => {
    const port = nextPort++;
    const server = socketServer(ctx.t.spark, "localhost", port);
    const before = Date.now();
    server.send("typed before the query started");
    const a = source(port, { includeTimestamp: "true" });
    await a.validate();
    const b = source(port);
    await b.validate();
    expect(server.connectionCount).toBe(2);
    server.send("to both");
    const rowsA = (await trigger(a, undefined)).rows;
    expect(rowsA.map((r) => r.value)).toEqual(["typed before the query started", "to both"]);
    for (const r of rowsA) expect((r.timestamp as Date).getTime()).toBeGreaterThanOrEqual(before);
    expect((await trigger(b, undefined)).rows).toEqual([{ value: "to both" }]);
    await a.stop();
    expect(server.connectionCount).toBe(1);
  });

  it("is not replayable: a restarted query counts from -1 again and reads only new lines", async () => {
    const port = nextPort++;
    const server = socketServer(ctx.t.spark, "localhost", port);
    const first = source(port);
    await first.validate();
    server.send("a", "b", "c");
    const { committed } = await trigger(first, undefined);
    expect(committed).toBe("2");
    await first.stop();
    const restarted = source(port);
    await restarted.validate();
    // As Spark: the checkpoint says 2, the new connection says -1; that empty batch runs, then new lines.
    expect(await restarted.latestOffset(committed)).toBe("-1");
    const empty = await trigger(restarted, committed);
    expect(empty).toEqual({ committed: "-1", rows: [] });
    server.send("d");
    expect((await trigger(restarted, empty.committed)).rows).toEqual([{ value: "d" }]);
    await expect(restarted.commit("-5")).rejects.toThrow("Offsets committed out of order: 0 followed by -5");
  });

  it("ends the stream when the server closes", async () => {
    const port = nextPort++;
    const server = socketServer(ctx.t.spark, "localhost", port);
    const messages: string[] = [];
    const s = new TextSocketSource(ctx.t.spark, { host: "localhost", port: String(port) }, (m) =>
      messages.push(m),
    );
    await s.validate();
    server.close();
    expect(messages).toEqual([
      "The socket source should not be used for production applications! It does not support recovery.",
      `Stream closed by localhost:${port}`,
    ]);
    expect(() => server.send("x")).toThrow(/is closed/);
    expect(socketServer(ctx.t.spark, "localhost", port)).not.toBe(server);
  });
});
