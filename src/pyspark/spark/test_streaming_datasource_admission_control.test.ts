/**
 * PySpark's python/pyspark/sql/tests/streaming/test_streaming_datasource_admission_control.py, whole: the
 * DataSourceStreamReader's admission-control signature (`latestOffset(start_offset=None, read_limit=None)`,
 * `reportLatestOffset`), case by case with its mock reader, inputs and assertions, in Python cells.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PythonTestSession } from "../testing";
import { newPySparkTestSession } from "./pysparkTests";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPySparkTestSession();
  await t.py.run(`
from pyspark.sql.datasource import DataSource, DataSourceStreamReader, InputPartition

class MockStreamReaderWithAdmissionControl(DataSourceStreamReader):
    def __init__(self):
        self.initial_offset_val = 0
        self.latest_offset_val = 1000
        self.latest_offset_calls = []
        self.report_latest_offset_calls = []

    def initialOffset(self):
        return {"offset": self.initial_offset_val}

    def latestOffset(self, start_offset=None, read_limit=None):
        self.latest_offset_calls.append({"start_offset": start_offset, "read_limit": read_limit})
        if start_offset is None:
            start = self.initial_offset_val
        else:
            start = start_offset["offset"]
        if read_limit and read_limit.get("type") == "maxRows":
            max_rows = read_limit["maxRows"]
            end = min(start + max_rows, self.latest_offset_val)
        else:
            end = self.latest_offset_val
        return {"offset": end}

    def reportLatestOffset(self):
        self.report_latest_offset_calls.append(True)
        return {"offset": self.latest_offset_val}

    def partitions(self, start, end):
        return [InputPartition(b"partition")]

    def read(self, partition):
        return iter([])`);
});
afterAll(() => t.cleanup());

/** Runs a test's body; it raises (and the cell fails) where one of its assertions fails. */
const passes = async (body: string) => (await t.py.run(`${body}\n"passed"`)).value;

describe("DataSourceStreamReaderAdmissionControlTests", () => {
  it("test_latest_offset_with_parameters", async () => {
    expect(
      await passes(`
reader = MockStreamReaderWithAdmissionControl()
offset = reader.latestOffset()
tc.assertEqual(offset, {"offset": 1000})
tc.assertEqual(len(reader.latest_offset_calls), 1)
tc.assertIsNone(reader.latest_offset_calls[0]["start_offset"])
tc.assertIsNone(reader.latest_offset_calls[0]["read_limit"])`),
    ).toBe("passed");
  });

  it("test_latest_offset_with_start_offset", async () => {
    expect(
      await passes(`
reader = MockStreamReaderWithAdmissionControl()
offset = reader.latestOffset(start_offset={"offset": 500})
tc.assertEqual(offset, {"offset": 1000})
tc.assertEqual(reader.latest_offset_calls[-1]["start_offset"], {"offset": 500})`),
    ).toBe("passed");
  });

  it("test_latest_offset_with_max_rows_limit", async () => {
    expect(
      await passes(`
reader = MockStreamReaderWithAdmissionControl()
limit = {"type": "maxRows", "maxRows": 100}
offset = reader.latestOffset(start_offset={"offset": 500}, read_limit=limit)
tc.assertEqual(offset, {"offset": 600})
tc.assertEqual(reader.latest_offset_calls[-1]["read_limit"], limit)`),
    ).toBe("passed");
  });

  it("test_latest_offset_limit_larger_than_available", async () => {
    expect(
      await passes(`
reader = MockStreamReaderWithAdmissionControl()
limit = {"type": "maxRows", "maxRows": 2000}
offset = reader.latestOffset(start_offset={"offset": 900}, read_limit=limit)
tc.assertEqual(offset, {"offset": 1000})`),
    ).toBe("passed");
  });

  it("test_latest_offset_with_all_available_limit", async () => {
    expect(
      await passes(`
reader = MockStreamReaderWithAdmissionControl()
limit = {"type": "allAvailable"}
offset = reader.latestOffset(start_offset={"offset": 500}, read_limit=limit)
tc.assertEqual(offset, {"offset": 1000})`),
    ).toBe("passed");
  });

  it("test_report_latest_offset", async () => {
    expect(
      await passes(`
reader = MockStreamReaderWithAdmissionControl()
limit = {"type": "maxRows", "maxRows": 50}
capped_offset = reader.latestOffset(start_offset={"offset": 100}, read_limit=limit)
tc.assertEqual(capped_offset, {"offset": 150})
latest = reader.reportLatestOffset()
tc.assertEqual(latest, {"offset": 1000})
tc.assertEqual(len(reader.report_latest_offset_calls), 1)`),
    ).toBe("passed");
  });

  it("test_report_latest_offset_default_none", async () => {
    expect(
      await passes(`
class MinimalReader(DataSourceStreamReader):
    def initialOffset(self):
        return {"offset": 0}
    def latestOffset(self, start_offset=None, read_limit=None):
        return {"offset": 100}
    def partitions(self, start, end):
        return []
    def read(self, partition):
        return iter([])

reader = MinimalReader()
tc.assertIsNone(reader.reportLatestOffset())`),
    ).toBe("passed");
  });

  it("test_read_limit_dictionary_formats", async () => {
    expect(
      await passes(`
reader = MockStreamReaderWithAdmissionControl()
limit = {"type": "maxFiles", "maxFiles": 10}
offset = reader.latestOffset(start_offset={"offset": 0}, read_limit=limit)
tc.assertEqual(offset, {"offset": 1000})
limit = {"type": "maxBytes", "maxBytes": 1048576}
offset = reader.latestOffset(start_offset={"offset": 0}, read_limit=limit)
tc.assertEqual(offset, {"offset": 1000})
limit = {"type": "minRows", "minRows": 100, "maxTriggerDelayMs": 30000}
offset = reader.latestOffset(start_offset={"offset": 0}, read_limit=limit)
tc.assertEqual(offset, {"offset": 1000})
limit = {
    "type": "composite",
    "limits": [
        {"type": "minRows", "minRows": 100, "maxTriggerDelayMs": 30000},
        {"type": "maxRows", "maxRows": 1000},
    ],
}
offset = reader.latestOffset(start_offset={"offset": 0}, read_limit=limit)
tc.assertEqual(offset, {"offset": 1000})`),
    ).toBe("passed");
  });
});

describe("StreamReaderBackwardCompatibilityTests", () => {
  it("test_old_signature_still_works", async () => {
    expect(
      await passes(`
class LegacyReader(DataSourceStreamReader):
    def initialOffset(self):
        return {"offset": 0}
    def latestOffset(self):
        return {"offset": 100}
    def partitions(self, start, end):
        return []
    def read(self, partition):
        return iter([])

reader = LegacyReader()
offset = reader.latestOffset()
tc.assertEqual(offset, {"offset": 100})`),
    ).toBe("passed");
  });

  it("an unimplemented method raises PySpark's NOT_IMPLEMENTED (datasource.py's defaults)", async () => {
    // Spark's DataSource and DataSourceStreamReader raise PySparkNotImplementedError(NOT_IMPLEMENTED) with the
    // method as the feature.
    expect(
      await t.py.run(`
from pyspark.errors import PySparkNotImplementedError
class Bare(DataSourceStreamReader):
    def read(self, partition):
        return iter([])
errors = []
for call in (lambda: Bare().initialOffset(), lambda: Bare().latestOffset(), lambda: DataSource({}).schema()):
    try:
        call()
    except PySparkNotImplementedError as e:
        errors.append((e.getCondition(), e.getMessageParameters()["feature"], str(e)))
errors`),
    ).toMatchObject({
      value: [
        ["NOT_IMPLEMENTED", "initialOffset", "[NOT_IMPLEMENTED] initialOffset is not implemented."],
        ["NOT_IMPLEMENTED", "latestOffset", "[NOT_IMPLEMENTED] latestOffset is not implemented."],
        ["NOT_IMPLEMENTED", "schema", "[NOT_IMPLEMENTED] schema is not implemented."],
      ],
    });
  });
});
