/**
 * Spark's decimal literals and decimal arithmetic, ported from Spark's SQL tests
 * (sql-tests/inputs/literals.sql, decimalArithmeticOperations.sql and ansi/decimalArithmeticOperations.sql) with
 * the answers of their .sql.out files. Values are read as strings with trailing zeros stripped, as Spark's
 * SQLQueryTestSuite prints decimals.
 *
 * Not ported: the cases with exponent literals such as `5e36` (Spark 4 types them DOUBLE, so they are no longer decimal
 * cases); allowPrecisionLoss=false's overflow messages (Spark's text shows the unrounded BigDecimal).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { sqlAnswers } from "../testing/sqlAnswers";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
}, 120_000);
afterAll(async () => {
  await t.cleanup();
});

const { schemaOf } = sqlAnswers(() => t.spark);

/** Each column as a string, trailing zeros after the point stripped (SQLQueryTestSuite's decimal output). */
async function valuesOf(sql: string): Promise<(string | null)[]> {
  const df = t.spark.sql(sql);
  const cols = df.columns.map((c, i) => `CAST(\`${c}\` AS STRING) AS c${i}`);
  const [row] = await df.selectExpr(...cols).collect();
  return Object.values(row as Record<string, string | null>).map((v) =>
    v === null ? null : v.includes(".") ? v.replace(/0+$/, "").replace(/\.$/, "") : v,
  );
}

async function conditionOf(sql: string): Promise<string | undefined> {
  try {
    await t.spark.sql(sql).collect();
  } catch (e) {
    return (e as { getCondition?: () => string }).getCondition?.();
  }
  return undefined;
}

describe("literals.sql", () => {
  it("select 0.3, -0.8, .5, -.18, 0.1111, .1111", async () => {
    const q = "select 0.3, -0.8, .5, -.18, 0.1111, .1111";
    expect(await schemaOf(q)).toBe(
      "struct<0.3:decimal(1,1),-0.8:decimal(1,1),0.5:decimal(1,1),-0.18:decimal(2,2),0.1111:decimal(4,4),0.1111:decimal(4,4)>",
    );
    expect(await valuesOf("select 0.3, -0.8, .5, -.18, 0.1111")).toEqual([
      "0.3",
      "-0.8",
      "0.5",
      "-0.18",
      "0.1111",
    ]);
  });

  it("select 9223372036854775808, -9223372036854775809", async () => {
    const q = "select 9223372036854775808, -9223372036854775809";
    expect(await schemaOf(q)).toBe(
      "struct<9223372036854775808:decimal(19,0),-9223372036854775809:decimal(19,0)>",
    );
    expect(await valuesOf(q)).toEqual(["9223372036854775808", "-9223372036854775809"]);
    expect(await schemaOf("select 9223372036854775807, -9223372036854775808")).toBe(
      "struct<9223372036854775807:bigint,-9223372036854775808:bigint>",
    );
  });

  it("a literal past 38 digits: decimal can only support precision up to 38", async () => {
    expect(await conditionOf("select 1234567890123456789012345678901234567890")).toBe(
      "_LEGACY_ERROR_TEMP_1229",
    );
    expect(await conditionOf("select 1234567890123456789012345678901234567890.0")).toBe(
      "_LEGACY_ERROR_TEMP_1229",
    );
    expect(await conditionOf("select 1.20E-38BD")).toBe("_LEGACY_ERROR_TEMP_0061");
  });

  it("select 1D, 1.2D, 1e10, 1.5e5, .10D, 0.10D, .1e5, .9e+2, 0.9e+2, 900e-1, 9.e+1", async () => {
    expect(
      await schemaOf("select 1D, 1.2D, 1e10, 1.5e5, .10D, 0.10D, .1e5, .9e+2, 0.9e+2, 900e-1, 9.e+1"),
    ).toBe(
      "struct<1.0:double,1.2:double,1.0E10:double,150000.0:double,0.1:double,0.1:double,10000.0:double,90.0:double,90.0:double,90.0:double,90.0:double>",
    );
  });

  it("select 90912830918230182310293801923652346786BD, 123.0E-28BD, 123.08BD", async () => {
    const q = "select 90912830918230182310293801923652346786BD, 123.0E-28BD, 123.08BD";
    expect(await schemaOf(q)).toBe(
      "struct<90912830918230182310293801923652346786:decimal(38,0),1.230E-26:decimal(29,29),123.08:decimal(5,2)>",
    );
    expect(await valuesOf(q)).toEqual([
      "90912830918230182310293801923652346786",
      "0.0000000000000000000000000123",
      "123.08",
    ]);
  });

  it("SELECT 3.14, -3.14, 3.14e8, 3.14e-8, -3.14e8, -3.14e-8, 3.14e+8, 3.14E8, 3.14E-8", async () => {
    expect(
      await schemaOf("SELECT 3.14, -3.14, 3.14e8, 3.14e-8, -3.14e8, -3.14e-8, 3.14e+8, 3.14E8, 3.14E-8"),
    ).toBe(
      "struct<3.14:decimal(3,2),-3.14:decimal(3,2),3.14E8:double,3.14E-8:double,-3.14E8:double,-3.14E-8:double,3.14E8:double,3.14E8:double,3.14E-8:double>",
    );
  });

  it("a trailing zero keeps its scale: SELECT 1.10 is named 1.10", async () => {
    expect(await schemaOf("SELECT 1.10, 5., 1.1BD")).toBe(
      "struct<1.10:decimal(3,2),5:decimal(1,0),1.1:decimal(2,1)>",
    );
  });
});

describe("decimalArithmeticOperations.sql", () => {
  it("select 10.3 * 3.0, 10.3000 * 3.0, 10.30000 * 30.0, 10.300000000000000000 * 3.000000000000000000", async () => {
    const q =
      "select 10.3 * 3.0 AS a, 10.3000 * 3.0 AS b, 10.30000 * 30.0 AS c, 10.300000000000000000 * 3.000000000000000000 AS d";
    expect(await schemaOf(q)).toBe("struct<a:decimal(6,2),b:decimal(9,5),c:decimal(11,6),d:decimal(38,34)>");
    expect(await valuesOf(q)).toEqual(["30.9", "30.9", "309", "30.9"]);
  });

  it("select 12345678912345678912345678912.1234567 + 9999999999999999999999999999999.12345", async () => {
    const q = "select 12345678912345678912345678912.1234567 + 9999999999999999999999999999999.12345 AS s";
    expect(await schemaOf(q)).toBe("struct<s:decimal(38,6)>");
    expect(await valuesOf(q)).toEqual(["10012345678912345678912345678911.246907"]);
  });

  it("select 12345678912345.123456789123 / 0.000000012345678", async () => {
    const q = "select 12345678912345.123456789123 / 0.000000012345678 AS q";
    expect(await schemaOf(q)).toBe("struct<q:decimal(38,9)>");
    expect(await valuesOf(q)).toEqual(["1000000073899961059796.725866332"]);
  });

  it("decimals_test: a+b, a-b, a*b, a/b and a*10, b/10 over decimal(38,18)", async () => {
    const table = `SELECT * FROM VALUES
      (1, CAST(100.0 AS DECIMAL(38,18)), CAST(999.0 AS DECIMAL(38,18))),
      (3, CAST(0.1234567891011 AS DECIMAL(38,18)), CAST(1234.1 AS DECIMAL(38,18))) AS decimals_test(id, a, b)`;
    t.spark.sql(table).createOrReplaceTempView("decimals_test");
    const q = "select a+b, a-b, a*b, a/b, a*10, b/10 from decimals_test where id = 1";
    expect(await schemaOf(q)).toBe(
      "struct<(a + b):decimal(38,17),(a - b):decimal(38,17),(a * b):decimal(38,6),(a / b):decimal(38,6),(a * 10):decimal(38,15),(b / 10):decimal(38,18)>",
    );
    expect(await valuesOf(q)).toEqual(["1099", "-899", "99900", "0.1001", "1000", "99.9"]);
    const three = "select a+b, a-b, a*b, a/b, a*10, b/10 from decimals_test where id = 3";
    expect(await valuesOf(three)).toEqual([
      "1234.2234567891011",
      "-1233.9765432108989",
      "152.358023",
      "0.0001",
      "1.234567891011",
      "123.41",
    ]);
  });

  it("t(a 1.0, b 0.0): a / b, a % b, pmod(a, b) are null without ANSI, DIVIDE_BY_ZERO with it", async () => {
    t.spark.sql("CREATE OR REPLACE TEMPORARY VIEW t AS SELECT 1.0 as a, 0.0 as b");
    expect(await schemaOf("select a / b, a % b, pmod(a, b) from t")).toBe(
      "struct<(a / b):decimal(8,6),(a % b):decimal(1,1),pmod(a, b):decimal(1,1)>",
    );
    expect(await conditionOf("select a / b from t")).toBe("DIVIDE_BY_ZERO");
    t.spark.conf.set("spark.sql.ansi.enabled", "false");
    try {
      expect(await valuesOf("select a / b, a % b, pmod(a, b) from t")).toEqual([null, null, null]);
    } finally {
      t.spark.conf.set("spark.sql.ansi.enabled", "true");
    }
  });

  it("select 12345678901234567890.0 * 12345678901234567890.0: decimal(38,2), an overflow", async () => {
    const q = "select 12345678901234567890.0 * 12345678901234567890.0";
    expect(await schemaOf(q)).toBe("struct<(12345678901234567890.0 * 12345678901234567890.0):decimal(38,2)>");
    expect(await conditionOf(q)).toBe("NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION");
    t.spark.conf.set("spark.sql.ansi.enabled", "false");
    try {
      expect(await valuesOf(q)).toEqual([null]);
    } finally {
      t.spark.conf.set("spark.sql.ansi.enabled", "true");
    }
  });

  it("allowPrecisionLoss=false: a+b decimal(38,18), a/b decimal(38,18), 10.3 * 3.0 decimal(6,2)", async () => {
    t.spark.conf.set("spark.sql.decimalOperations.allowPrecisionLoss", "false");
    try {
      t.spark
        .sql("SELECT CAST(100.0 AS DECIMAL(38,18)) AS a, CAST(999.0 AS DECIMAL(38,18)) AS b")
        .createOrReplaceTempView("d2");
      expect(await schemaOf("select a+b, a/b from d2")).toBe(
        "struct<(a + b):decimal(38,18),(a / b):decimal(38,18)>",
      );
      expect(await valuesOf("select a/b from d2")).toEqual(["0.1001001001001001"]);
      expect(await schemaOf("select 10.3 * 3.0")).toBe("struct<(10.3 * 3.0):decimal(6,2)>");
    } finally {
      t.spark.conf.set("spark.sql.decimalOperations.allowPrecisionLoss", "true");
    }
  });

  // Products and quotients whose unscaled digits pass 38: Spark's BigDecimal is exact before it rounds.
  it("select 123456789123456789.1234567890 * 1.123456789123456789: decimal(38,18), every digit", async () => {
    const q = "select 123456789123456789.1234567890 * 1.123456789123456789";
    expect(await schemaOf(q)).toBe(
      "struct<(123456789123456789.1234567890 * 1.123456789123456789):decimal(38,18)>",
    );
    expect(await valuesOf(q)).toEqual(["138698367904130467.654320988515622621"]);
  });

  it("decimals_test id 4: a+b, a-b, a*b, a/b and a*10, b/10 over decimal(38,18)", async () => {
    t.spark
      .sql(`SELECT * FROM VALUES (4, CAST(123456789123456789.0 AS DECIMAL(38,18)),
        CAST(1.123456789123456789 AS DECIMAL(38,18))) AS decimals_test4(id, a, b)`)
      .createOrReplaceTempView("decimals_test4");
    expect(await valuesOf("select a+b, a-b, a*b, a/b, a*10, b/10 from decimals_test4")).toEqual([
      "123456789123456790.12345678912345679",
      "123456789123456787.87654321087654321",
      "138698367904130467.515623",
      "109890109097814272.043109",
      "1234567891234567890",
      "0.112345678912345679",
    ]);
    // The sign is the operands' (not a Spark case: the same values negated).
    expect(await valuesOf("select (-a)*b, a/(-b) from decimals_test4")).toEqual([
      "-138698367904130467.515623",
      "-109890109097814272.043109",
    ]);
    t.spark.conf.set("spark.sql.decimalOperations.allowPrecisionLoss", "false");
    try {
      // decimal(38,36): the product has 18 integer digits, an overflow (NULL without ANSI, as the .sql.out).
      expect(await schemaOf("select a*b, a/b from decimals_test4")).toBe(
        "struct<(a * b):decimal(38,36),(a / b):decimal(38,18)>",
      );
      expect(await valuesOf("select a/b from decimals_test4")).toEqual([
        "109890109097814272.043109406191131436",
      ]);
      expect(await conditionOf("select a*b from decimals_test4")).toBe(
        "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
      );
      t.spark.conf.set("spark.sql.ansi.enabled", "false");
      expect(await valuesOf("select a*b from decimals_test4")).toEqual([null]);
    } finally {
      t.spark.conf.set("spark.sql.decimalOperations.allowPrecisionLoss", "true");
      t.spark.conf.set("spark.sql.ansi.enabled", "true");
    }
  });

  it("0.1 + 0.2 is 0.3 as decimal(2,1); a decimal with a double is a double", async () => {
    expect(await schemaOf("select 0.1 + 0.2, 1.5 + 1.5D, 7.5 div 2")).toBe(
      "struct<(0.1 + 0.2):decimal(2,1),(1.5 + 1.5):double,(7.5 div 2):bigint>",
    );
    expect(await valuesOf("select 0.1 + 0.2, 7.5 div 2, -7.5 div 2")).toEqual(["0.3", "3", "-3"]);
  });
});

/**
 * DataFrameAggregateSuite's "SPARK-28067: Aggregate sum should not return wrong results for decimal overflow" and
 * "SPARK-35955: Aggregate avg should not return wrong results for decimal overflow" (checkAggResultsForDecimalOverflow
 * and assertDecimalSumOverflow): a sum past its decimal(38, 18) buffer is null without ANSI, and under ANSI an
 * ArithmeticException that "cannot be represented as Decimal" or is an "Overflow in sum of decimals".
 */
describe("sum and avg of decimals that overflow", () => {
  const decStr = `1${"0".repeat(19)}`;
  const overflowing = () => [
    // spark.range(0, 12) of 10^19 as decimal(38, 18): 1.2e20 has 21 integer digits, decimal(38, 18) 20.
    t.spark.range(0, 12).selectExpr(`cast('${decStr}' as decimal(38, 18)) as d`),
    // Three nulls, then 1...1.123 and 9...9.123 (20 integer digits each).
    t.spark
      .range(1, 4)
      .selectExpr("cast(null as decimal(38,18)) as d")
      .union(
        t.spark.sql(
          `select cast(d as decimal(38,18)) as d from values ('${"1".repeat(20)}.123'), ('${"9".repeat(20)}.123') t(d)`,
        ),
      ),
  ];

  for (const fn of ["sum", "avg"]) {
    it(`${fn}: null without ANSI`, async () => {
      t.spark.conf.set("spark.sql.ansi.enabled", "false");
      try {
        for (const df of overflowing())
          expect(await df.selectExpr(`${fn}(d)`).collect()).toEqual([{ [`${fn}(d)`]: null }]);
      } finally {
        t.spark.conf.set("spark.sql.ansi.enabled", "true");
      }
    });

    it(`${fn}: an ArithmeticException under ANSI`, async () => {
      for (const df of overflowing()) {
        const error = await df
          .selectExpr(`${fn}(d)`)
          .collect()
          .then(
            () => undefined,
            (e: Error) => e,
          );
        expect(error?.message).toMatch(/cannot be represented as Decimal|Overflow in sum of decimals/);
        expect((error as { getSqlState?: () => string }).getSqlState?.()).toBe("22003");
      }
    });
  }

  it("df6.groupBy(intNum).agg(sum(decNum), countDistinct(decNum)) where intNum = 1: Row(1, null, 2)", async () => {
    t.spark.conf.set("spark.sql.ansi.enabled", "false");
    try {
      const rows = [
        [decStr, 1],
        [`5${"0".repeat(19)}`, 1],
        [decStr, 2],
        [decStr, 1],
        [decStr, 1],
        [decStr, 2],
        [decStr, 1],
        [decStr, 1],
        [`2${"0".repeat(19)}`, 2],
      ];
      const values = rows.map(([d, k]) => `(cast('${d}' as decimal(38,18)), ${k})`).join(", ");
      const df = t.spark.sql(
        `select intNum, sum(decNum), count(distinct decNum) from values ${values} t(decNum, intNum) group by intNum having intNum = 1`,
      );
      expect(
        (await df.collect()).map((r) => Object.values(r).map((v) => (v === null ? null : Number(v)))),
      ).toEqual([[1, null, 2]]);
    } finally {
      t.spark.conf.set("spark.sql.ansi.enabled", "true");
    }
  });

  it("avg without overflow keeps Spark's decimal(p + 4, s + 4), rounded half up", async () => {
    const q = "select avg(cast(a as decimal(10,2))) from values ('1.25'), ('2.50'), ('3.00'), ('0.01') t(a)";
    expect(await schemaOf(q)).toBe("struct<avg(CAST(a AS DECIMAL(10,2))):decimal(14,6)>");
    // 6.76 / 4 = 1.69; 6.77 / 3 = 2.256666... rounds half up at 6 places.
    expect(await valuesOf(q)).toEqual(["1.69"]);
    expect(
      await valuesOf("select avg(cast(a as decimal(10,2))) from values ('1.25'), ('2.50'), ('3.02') t(a)"),
    ).toEqual(["2.256667"]);
  });
});
