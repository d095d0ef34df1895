import { describe, expect, it } from "vitest";
import type { SparkCell } from "../../kernel/protocol";
import { toSparkIpynb } from "./sparkIpynb";

describe("the exported notebook for Spark", () => {
  it("is a Jupyter notebook for a Python kernel", () => {
    const cells: SparkCell[] = [
      { id: "intro", type: "markdown", source: "# Lesson" },
      { id: "setup", type: "python", source: "from pyspark.sql import SparkSession" },
    ];
    const ipynb = JSON.parse(JSON.stringify(toSparkIpynb("Lesson", cells)));
    expect(ipynb.metadata.kernelspec.language).toBe("python");
  });
});
