/** Test data: Spark's SQLTestData.courseSales, the rows DataFrameAggregateSuite and DataFramePivotSuite group. */

import type { SparkSession } from "../session/SparkSession";
import type { DataFrame } from "../sql/api/DataFrame";

export function courseSales(spark: SparkSession): DataFrame {
  return spark.createDataFrame(
    [
      { course: "dotNET", year: 2012, earnings: 10000 },
      { course: "Java", year: 2012, earnings: 20000 },
      { course: "dotNET", year: 2012, earnings: 5000 },
      { course: "dotNET", year: 2013, earnings: 48000 },
      { course: "Java", year: 2013, earnings: 30000 },
    ],
    "course STRING, year INT, earnings DOUBLE",
  );
}
