/**
 * The case of Spark's FileSourceSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), named as there,
 * with Spark's inputs and expected answer. Spark's case predates `readStream`: its `FileStream` source over a data
 * directory is, today, `readStream.format("text").load(dir)`, and its `AddFileData(source, blocking, lines...)`
 * writes the lines as one new file (non-blocking while the stream is stopped), as AddTextFileData does here.
 */
import { afterEach, beforeEach, describe, it } from "vitest";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddTextFileData,
  CheckAnswer,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";

describe("FileSourceSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  it("stream from files", async () => {
    const data = "/streaming.data";
    await t.spark.fs.mkdirs(data);
    const asStrings = t.spark.readStream.format("text").load(data);
    await testStream(
      t,
      asStrings,
      "append",
      AddTextFileData("1\n2\n3", data),
      CheckAnswer(["1"], ["2"], ["3"]),
      StopStream,
      AddTextFileData("4\n5", data),
      AddTextFileData("6\n7", data),
      AddTextFileData("8\n9", data),
      StartStream(),
      CheckAnswer(["1"], ["2"], ["3"], ["4"], ["5"], ["6"], ["7"], ["8"], ["9"]),
    );
  });
});
