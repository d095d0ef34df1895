import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { StubIndex } from "../../../python/StubIndex";
import { PythonAssist } from "./pythonAssist";

function stubs(): Record<string, string> {
  const root = fileURLToPath(new URL("../../../pyspark/python/", import.meta.url));
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith(".pyi")) out[relative(root, path)] = readFileSync(path, "utf8");
    }
  };
  walk(root);
  return out;
}

const assist = new PythonAssist(new StubIndex(stubs()));
const labels = (before: string, others: string[] = []) => assist.complete(before, others).map((c) => c.label);

describe("completion from the pyspark stubs", () => {
  it("knows `spark` and follows a chain of calls through the stubs' return types", () => {
    expect(labels("spark.")).toEqual(
      expect.arrayContaining(["readStream", "read", "sql", "streams", "createDataFrame"]),
    );
    expect(labels('spark.readStream.format("parquet").option("a", 1).')).toEqual(
      expect.arrayContaining(["schema", "load", "parquet", "options"]),
    );
    expect(labels('spark.readStream.parquet("/data").groupBy("x").')).toEqual(
      expect.arrayContaining(["agg", "count", "sum"]),
    );
    expect(labels("spark.streams.active[0].")).toEqual(
      expect.arrayContaining(["awaitTermination", "lastProgress", "stop"]),
    );
  });

  it("types a name by its assignment, also across cells and across wrapped lines", () => {
    const earlier = 'events = (spark.readStream\n    .schema("a STRING")\n    .parquet("/data/events"))';
    expect(labels("events.", [earlier])).toEqual(
      expect.arrayContaining(["filter", "writeStream", "withWatermark"]),
    );
    expect(labels("q = events.writeStream.start()\nq.", [earlier])).toEqual(
      expect.arrayContaining(["awaitTermination", "recentProgress", "exception"]),
    );
    expect(labels("df = spark.range(3)\ndf = df.filter('id > 1')\ndf.")).toContain("collect");
    expect(labels("for q in spark.streams.active:\n    q.")).toContain("processAllAvailable");
    const chained = "(events\n  .filter(col('a') > 1)\n  .";
    expect(labels(chained, [earlier])).toContain("groupBy");
  });

  it("knows imports: modules, their functions, and what a function returns", () => {
    expect(labels("from pyspark.sql.functions import ")).toEqual(
      expect.arrayContaining(["col", "window", "approx_count_distinct", "when"]),
    );
    expect(labels("from pyspark.sql.types import St")).toEqual(
      expect.arrayContaining(["StructType", "StringType"]),
    );
    expect(labels("from pyspark.")).toEqual(expect.arrayContaining(["sql", "errors"]));
    expect(labels("from pyspark.sql import functions as F\nF.")).toContain("hour");
    expect(labels("import pyspark.sql.functions as F\nF.col('a').")).toEqual(
      expect.arrayContaining(["isin", "alias", "cast", "isNull"]),
    );
    expect(labels("from pyspark.sql.functions import col\ncol('a').")).toContain("isin");
    expect(labels("from pyspark.sql.functions import *\nwhen(col('a') > 1, 'x').")).toContain("otherwise");
    expect(labels("from pyspark.sql.types import StructType\nStructType().")).toEqual(
      expect.arrayContaining(["add", "fieldNames"]),
    );
  });

  it("offers nothing where the type is not known", () => {
    expect(labels("unknown.")).toEqual([]);
    expect(labels("x = 1")).toEqual([]);
  });
});

describe("hover and signature help", () => {
  it("documents methods, functions and names from the stubs", () => {
    expect(assist.hover("spark.readStream.parquet('/d').withWatermark")).toMatchObject({
      signature: "DataFrame.withWatermark(eventTime: str, delayThreshold: str) -> DataFrame",
      documentation: expect.stringContaining("how late events may arrive"),
    });
    expect(assist.hover("from pyspark.sql.functions import window\nwindow")?.signature).toMatch(
      /^window\(timeColumn/,
    );
    expect(assist.hover("spark")).toMatchObject({ signature: "spark: SparkSession" });
  });

  it("shows the parameters of the call the cursor is in, the current one active", () => {
    const help = assist.signature(
      'spark.readStream.parquet("/d").writeStream.trigger(processingTime="1 second", ',
    );
    expect(help?.label).toMatch(/^trigger\(processingTime: Optional\[str\] = None, once/);
    const second = assist.signature("from pyspark.sql.functions import window\nwindow(col('ts'), ");
    expect(second?.params[second.activeParameter]).toBe("windowDuration: str");
    const keyword = assist.signature(
      "from pyspark.sql.functions import window\nwindow(col('ts'), startTime=",
    );
    expect(keyword?.params[keyword.activeParameter]).toBe("startTime: Optional[str] = None");
  });
});
