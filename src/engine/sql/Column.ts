/**
 * Spark's Column: an expression with operator methods. JavaScript has no operator overloading, so `==` is
 * `eq`, `&` is `and`, and so on; values that are not Columns become literals, as in Spark.
 */
import type { BinaryOperator, Expression } from "./expressions";
import { expressionSql } from "./naming";
import { type DataType, parseDataType } from "./types";
import type { WindowSpec } from "./Window";

export type ColumnOrName = Column | string;
/** Anything a Column method compares or combines with: another Column or a literal value. */
export type ColumnLike = Column | string | number | bigint | boolean | Date | null | readonly unknown[];

export class Column {
  constructor(readonly expr: Expression) {}

  /** A literal where `value` is not already a Column. */
  static of(value: ColumnLike | unknown): Column {
    return value instanceof Column ? value : new Column({ kind: "literal", value });
  }

  private binary(op: BinaryOperator, other: unknown): Column {
    return new Column({ kind: "binary", op, left: this.expr, right: Column.of(other).expr });
  }

  // ---- comparison
  eq(other: unknown): Column {
    return this.binary("=", other);
  }
  equalTo(other: unknown): Column {
    return this.eq(other);
  }
  neq(other: unknown): Column {
    return this.binary("!=", other);
  }
  notEqual(other: unknown): Column {
    return this.neq(other);
  }
  eqNullSafe(other: unknown): Column {
    return this.binary("<=>", other);
  }
  gt(other: unknown): Column {
    return this.binary(">", other);
  }
  geq(other: unknown): Column {
    return this.binary(">=", other);
  }
  lt(other: unknown): Column {
    return this.binary("<", other);
  }
  leq(other: unknown): Column {
    return this.binary("<=", other);
  }
  /** Spark's Column.between: `(this >= low) AND (this <= high)`. */
  between(low: unknown, high: unknown): Column {
    return this.geq(low).and(this.leq(high));
  }

  // ---- boolean
  and(other: unknown): Column {
    return this.binary("and", other);
  }
  or(other: unknown): Column {
    return this.binary("or", other);
  }
  not(): Column {
    return new Column({ kind: "not", child: this.expr });
  }

  // ---- arithmetic
  plus(other: unknown): Column {
    return this.binary("+", other);
  }
  minus(other: unknown): Column {
    return this.binary("-", other);
  }
  multiply(other: unknown): Column {
    return this.binary("*", other);
  }
  divide(other: unknown): Column {
    return this.binary("/", other);
  }
  mod(other: unknown): Column {
    return this.binary("%", other);
  }
  negate(): Column {
    return new Column({ kind: "negate", child: this.expr });
  }
  bitwiseAND(other: unknown): Column {
    return this.binary("&", other);
  }
  bitwiseOR(other: unknown): Column {
    return this.binary("|", other);
  }
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
  isNull(): Column {
    return new Column({ kind: "isNull", child: this.expr, negated: false });
  }
  isNotNull(): Column {
    return new Column({ kind: "isNull", child: this.expr, negated: true });
  }
  isNaN(): Column {
    return new Column({ kind: "call", name: "isnan", args: [this.expr] });
  }
  like(pattern: string): Column {
    return this.binary("like", pattern);
  }
  ilike(pattern: string): Column {
    return this.binary("ilike", pattern);
  }
  rlike(pattern: string): Column {
    return this.binary("rlike", pattern);
  }
  contains(other: unknown): Column {
    return new Column({ kind: "call", name: "contains", args: [this.expr, Column.of(other).expr] });
  }
  startsWith(other: unknown): Column {
    return new Column({ kind: "call", name: "startswith", args: [this.expr, Column.of(other).expr] });
  }
  endsWith(other: unknown): Column {
    return new Column({ kind: "call", name: "endswith", args: [this.expr, Column.of(other).expr] });
  }
  /** PySpark spells these in lower case. */
  startswith(other: unknown): Column {
    return this.startsWith(other);
  }
  endswith(other: unknown): Column {
    return this.endsWith(other);
  }

  // ---- strings and structure
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
  /** An array element (from 0) or a map value. */
  getItem(key: unknown): Column {
    return new Column({ kind: "extract", child: this.expr, key: Column.of(key).expr });
  }

  // ---- types and names
  cast(dataType: DataType | string): Column {
    return new Column({
      kind: "cast",
      child: this.expr,
      dataType: typeof dataType === "string" ? parseDataType(dataType) : dataType,
    });
  }
  astype(dataType: DataType | string): Column {
    return this.cast(dataType);
  }
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
  as(name: string, ...more: string[]): Column {
    return this.alias(name, ...more);
  }
  name(name: string): Column {
    return this.alias(name);
  }

  // ---- ordering
  asc(): Column {
    return new Column({ kind: "sortOrder", child: this.expr, ascending: true, nullsFirst: true });
  }
  asc_nulls_first(): Column {
    return this.asc();
  }
  asc_nulls_last(): Column {
    return new Column({ kind: "sortOrder", child: this.expr, ascending: true, nullsFirst: false });
  }
  desc(): Column {
    return new Column({ kind: "sortOrder", child: this.expr, ascending: false, nullsFirst: false });
  }
  desc_nulls_first(): Column {
    return new Column({ kind: "sortOrder", child: this.expr, ascending: false, nullsFirst: true });
  }
  desc_nulls_last(): Column {
    return this.desc();
  }

  // ---- CASE WHEN, continued from functions.when()
  when(condition: Column, value: unknown): Column {
    if (this.expr.kind !== "case" || this.expr.otherwise) {
      throw new TypeError("when() can only be applied on a Column previously generated by when() function");
    }
    return new Column({
      ...this.expr,
      branches: [...this.expr.branches, [condition.expr, Column.of(value).expr]],
    });
  }
  otherwise(value: unknown): Column {
    if (this.expr.kind !== "case" || this.expr.otherwise) {
      throw new TypeError(
        "otherwise() can only be applied on a Column previously generated by when() function",
      );
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
