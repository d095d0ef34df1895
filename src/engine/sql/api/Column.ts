/**
 * Spark's Column: an expression with operator methods. JavaScript has no operator overloading, so `==` is
 * `eq`, `&` is `and`, and so on; values that are not Columns become literals, as in Spark.
 */

import { IllegalArgumentException } from "../../errors";
import { notAWhenColumn } from "../../errors/QueryExecutionErrors";
import { expressionSql } from "../analysis/naming";
import { DROP_FIELD, updateFields, WITH_FIELD } from "../codegen/updateFields";
import { Decimal, decimalTypeOf } from "../decimals";
import type { BinaryOperator, Expression } from "../expressions";
import { type DataType, parseDataType } from "../types";
import type { WindowSpec } from "./Window";

export type ColumnOrName = Column | string;
/** Anything a Column method compares or combines with: another Column or a literal value. */
export type ColumnLike = Column | string | number | bigint | boolean | Date | null | readonly unknown[];

/**
 * An expression over a DataFrame's columns: from `col("x")`, `lit(1)` or the functions, combined with methods
 * for what Python writes as operators: `col("a").plus(1).gt(col("b"))` is `(a + 1) > b`.
 */
export class Column {
  constructor(
    /** The expression tree this column stands for (engine internal). */
    readonly expr: Expression,
  ) {}

  /** A literal where `value` is not already a Column. */
  static of(value: ColumnLike | unknown): Column {
    if (value instanceof Column) return value;
    // A Decimal is Spark's Literal of a BigDecimal: DECIMAL(max(precision, scale), scale), its digits exact.
    if (value instanceof Decimal)
      return new Column({ kind: "literal", value: value.toPlainString(), dataType: decimalTypeOf(value) });
    return new Column({ kind: "literal", value });
  }

  private binary(op: BinaryOperator, other: unknown): Column {
    return new Column({ kind: "binary", op, left: this.expr, right: Column.of(other).expr });
  }

  // ---- comparison
  /**
   * Equality test (`==` in PySpark): true where the values are equal, null where either side is null.
   * @example col("event_name").eq("finalize")
   */
  eq(other: unknown): Column {
    return this.binary("=", other);
  }
  /** Equality test; same as `eq`. */
  equalTo(other: unknown): Column {
    return this.eq(other);
  }
  /** Inequality test (`!=` in PySpark); null where either side is null. */
  neq(other: unknown): Column {
    return this.binary("!=", other);
  }
  /** Inequality test; same as `neq`. */
  notEqual(other: unknown): Column {
    return this.neq(other);
  }
  /** Null-safe equality (`<=>`): two nulls are equal, and the result is never null. */
  eqNullSafe(other: unknown): Column {
    return this.binary("<=>", other);
  }
  /** Greater than (`>`). */
  gt(other: unknown): Column {
    return this.binary(">", other);
  }
  /** Greater than or equal (`>=`). */
  geq(other: unknown): Column {
    return this.binary(">=", other);
  }
  /** Less than (`<`). */
  lt(other: unknown): Column {
    return this.binary("<", other);
  }
  /** Less than or equal (`<=`). */
  leq(other: unknown): Column {
    return this.binary("<=", other);
  }
  /** Spark's Column.between: `(this >= low) AND (this <= high)`. */
  between(low: unknown, high: unknown): Column {
    return this.geq(low).and(this.leq(high));
  }

  // ---- boolean
  /** Logical AND (`&` in PySpark). */
  and(other: unknown): Column {
    return this.binary("and", other);
  }
  /** Logical OR (`|` in PySpark). */
  or(other: unknown): Column {
    return this.binary("or", other);
  }
  /** Logical NOT (`~` in PySpark). */
  not(): Column {
    return new Column({ kind: "not", child: this.expr });
  }

  // ---- arithmetic
  /** Addition (`+`). */
  plus(other: unknown): Column {
    return this.binary("+", other);
  }
  /** Subtraction (`-`). */
  minus(other: unknown): Column {
    return this.binary("-", other);
  }
  /** Multiplication (`*`). */
  multiply(other: unknown): Column {
    return this.binary("*", other);
  }
  /** Division (`/`), always fractional; dividing by zero is an error (DIVIDE_BY_ZERO), as in Spark 4. */
  divide(other: unknown): Column {
    return this.binary("/", other);
  }
  /** Remainder of the division (`%`); by zero is an error, as in Spark 4. */
  mod(other: unknown): Column {
    return this.binary("%", other);
  }
  /** The value negated (unary `-`). */
  negate(): Column {
    return new Column({ kind: "negate", child: this.expr });
  }
  /** Bitwise AND of two integers. */
  bitwiseAND(other: unknown): Column {
    return this.binary("&", other);
  }
  /** Bitwise OR of two integers. */
  bitwiseOR(other: unknown): Column {
    return this.binary("|", other);
  }
  /** Bitwise XOR of two integers. */
  bitwiseXOR(other: unknown): Column {
    return this.binary("^", other);
  }

  // ---- predicates
  /** `isin("a", "b")` or `isin(["a", "b"])`, as PySpark takes both. */
  isin(...values: unknown[]): Column {
    const list = values.length === 1 && Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
    return new Column({
      kind: "in",
      child: this.expr,
      list: list.map((v) => Column.of(v).expr),
      negated: false,
    });
  }
  /** True where the value is null. */
  isNull(): Column {
    return new Column({ kind: "isNull", child: this.expr, negated: false });
  }
  /** True where the value is not null. */
  isNotNull(): Column {
    return new Column({ kind: "isNull", child: this.expr, negated: true });
  }
  /** True where the value is NaN (not a number). */
  isNaN(): Column {
    return new Column({ kind: "call", name: "isnan", args: [this.expr] });
  }
  /** SQL LIKE match: `%` matches any sequence of characters, `_` any one character. */
  like(pattern: string): Column {
    return this.binary("like", pattern);
  }
  /** Case-insensitive SQL LIKE match. */
  ilike(pattern: string): Column {
    return this.binary("ilike", pattern);
  }
  /** True where the string matches the regular expression (anywhere in it). */
  rlike(pattern: string): Column {
    return this.binary("rlike", pattern);
  }
  /** True where the string contains `other`. */
  contains(other: unknown): Column {
    return new Column({ kind: "call", name: "contains", args: [this.expr, Column.of(other).expr] });
  }
  /** True where the string starts with `other`. */
  startsWith(other: unknown): Column {
    return new Column({ kind: "call", name: "startswith", args: [this.expr, Column.of(other).expr] });
  }
  /** True where the string ends with `other`. */
  endsWith(other: unknown): Column {
    return new Column({ kind: "call", name: "endswith", args: [this.expr, Column.of(other).expr] });
  }
  /** True where the string starts with `other`; PySpark's spelling of `startsWith`. */
  startswith(other: unknown): Column {
    return this.startsWith(other);
  }
  /** True where the string ends with `other`; PySpark's spelling of `endsWith`. */
  endswith(other: unknown): Column {
    return this.endsWith(other);
  }

  // ---- strings and structure
  /** `length` characters from the 1-based position `start`. */
  substr(start: number | Column, length: number | Column): Column {
    return new Column({
      kind: "call",
      name: "substring",
      args: [this.expr, Column.of(start).expr, Column.of(length).expr],
    });
  }
  /** A struct field: `col("geo").getField("city")`. */
  getField(name: string): Column {
    return new Column({ kind: "extract", child: this.expr, key: { kind: "literal", value: name } });
  }
  /**
   * The struct with field `fieldName` added or replaced by `col`; a dotted name reaches into nested structs
   * (`withField("geo.zip", lit("10115"))`). A null struct stays null.
   */
  withField(fieldName: string, col: Column): Column {
    if (fieldName === null || fieldName === undefined)
      throw new IllegalArgumentException("fieldName cannot be null");
    if (col === null || col === undefined) throw new IllegalArgumentException("col cannot be null");
    return new Column(
      updateFields(this.expr, [{ kind: "literal", value: `${WITH_FIELD}${fieldName}` }, col.expr]),
    );
  }
  /** The struct without the named fields (dotted names reach into nested structs); a missing field is ignored. */
  dropFields(...fieldNames: string[]): Column {
    return new Column(
      updateFields(
        this.expr,
        fieldNames.map((name) => ({ kind: "literal", value: `${DROP_FIELD}${name}` })),
      ),
    );
  }
  /** An array element (from 0) or a map value. */
  getItem(key: unknown): Column {
    return new Column({ kind: "extract", child: this.expr, key: Column.of(key).expr });
  }

  // ---- types and names
  /**
   * The value converted to another type, given as a DataType or a name (`"int"`, `"timestamp"`,
   * `"decimal(10,2)"`).
   */
  cast(dataType: DataType | string): Column {
    return new Column({
      kind: "cast",
      child: this.expr,
      dataType: typeof dataType === "string" ? parseDataType(dataType) : dataType,
    });
  }
  /** The value converted to another type; same as `cast`. */
  astype(dataType: DataType | string): Column {
    return this.cast(dataType);
  }
  /** As `cast`, but a value that cannot be converted gives null rather than an error. */
  try_cast(dataType: DataType | string): Column {
    return new Column({
      kind: "cast",
      child: this.expr,
      dataType: typeof dataType === "string" ? parseDataType(dataType) : dataType,
      tryCast: true,
    });
  }
  /** One name, or several for a generator with several outputs: `explode(m).alias("k", "v")`. */
  alias(name: string, ...more: string[]): Column {
    return new Column({
      kind: "alias",
      child: this.expr.kind === "alias" ? this.expr.child : this.expr,
      name,
      ...(more.length > 0 ? { names: [name, ...more] } : {}),
    });
  }
  /** The column under a new name; same as `alias`. */
  as(name: string, ...more: string[]): Column {
    return this.alias(name, ...more);
  }
  /** The column under a new name; same as `alias`. */
  name(name: string): Column {
    return this.alias(name);
  }

  // ---- ordering
  /** Ascending sort order for `orderBy`, nulls first. */
  asc(): Column {
    return new Column({ kind: "sortOrder", child: this.expr, ascending: true, nullsFirst: true });
  }
  /** Ascending sort order, nulls first. */
  asc_nulls_first(): Column {
    return this.asc();
  }
  /** Ascending sort order, nulls last. */
  asc_nulls_last(): Column {
    return new Column({ kind: "sortOrder", child: this.expr, ascending: true, nullsFirst: false });
  }
  /** Descending sort order for `orderBy`, nulls last. */
  desc(): Column {
    return new Column({ kind: "sortOrder", child: this.expr, ascending: false, nullsFirst: false });
  }
  /** Descending sort order, nulls first. */
  desc_nulls_first(): Column {
    return new Column({ kind: "sortOrder", child: this.expr, ascending: false, nullsFirst: true });
  }
  /** Descending sort order, nulls last. */
  desc_nulls_last(): Column {
    return this.desc();
  }

  // ---- CASE WHEN, continued from functions.when()
  /** Adds a branch to a CASE expression started by `when(...)`: the value where `condition` holds. */
  when(condition: Column, value: unknown): Column {
    if (this.expr.kind !== "case" || this.expr.otherwise) {
      throw notAWhenColumn("when");
    }
    return new Column({
      ...this.expr,
      branches: [...this.expr.branches, [condition.expr, Column.of(value).expr]],
    });
  }
  /** Ends a CASE expression started by `when(...)`: the value for rows no branch matched. */
  otherwise(value: unknown): Column {
    if (this.expr.kind !== "case" || this.expr.otherwise) {
      throw notAWhenColumn("otherwise");
    }
    return new Column({ ...this.expr, otherwise: Column.of(value).expr });
  }

  /** This function over a window: `row_number().over(Window.partitionBy("a").orderBy("b"))`. */
  over(window?: WindowSpec): Column {
    return new Column({
      kind: "windowFunction",
      function: this.expr,
      partitionBy: window?.partitionExprs ?? [],
      orderBy: window?.orderExprs ?? [],
      ...(window?.frame ? { frame: window.frame } : {}),
    });
  }

  /**
   * Spark 4's `Column.outer()`: in a subquery built from a DataFrame (`scalar()`, `exists()`, `lateralJoin`), a
   * reference to a column of the outer query: `r.where(col("a").outer().eq(col("c"))).exists()`.
   */
  outer(): Column {
    return new Column({ kind: "outer", child: this.expr });
  }

  /** How Spark prints a column: `Column<'(a + 1)'>`. */
  toString(): string {
    return `Column<'${expressionSql(this.expr)}'>`;
  }
}

/** A column name (possibly dotted, with `backticks` for names holding dots) or a Column. */
export function toColumn(c: ColumnOrName): Column {
  return typeof c === "string" ? new Column(columnExpression(c)) : c;
}

export function columnExpression(name: string): Expression {
  if (name === "*") return { kind: "star" };
  if (name.endsWith(".*")) return { kind: "star", qualifier: name.slice(0, -2) };
  return { kind: "column", parts: splitColumnName(name) };
}

/** "a.b" → ["a", "b"]; "`a.b`.c" → ["a.b", "c"]. */
export function splitColumnName(name: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (ch === "`") {
      if (quoted && name[i + 1] === "`") {
        current += "`";
        i += 1;
      } else quoted = !quoted;
    } else if (ch === "." && !quoted) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts;
}
