/**
 * Spark's UserDefinedFunction: a function of the user's that a query calls once per row, from JavaScript
 * (`udf(fn, returnType)`, Spark's ScalaUDF) or from Python (the `pyspark` package's `udf`, Spark's PythonUDF).
 *
 * Rows never reach the function one SQL call at a time: BatchEvalUDF reads the arguments of a whole batch of rows
 * from DuckDB as Arrow and hands them over at once (`UDFEvaluator`), so a batch crosses into JavaScript (or into
 * Python) once; the function is then called per row on the other side.
 */
import { wrongNumArgs } from "../../errors/QueryCompilationErrors";
import { Column, type ColumnOrName, toColumn } from "../api/Column";
import type { Expression } from "../expressions";
import { type DataType, parseDataType, parseSchema, StringType } from "../types";

/** The arguments of a batch of rows: argument `i` of row `r` is `columns[i][r]`, as `collect()` gives values. */
export interface UDFBatch {
  readonly columns: readonly (readonly unknown[])[];
  /** The Spark type of each argument. */
  readonly types: readonly DataType[];
  readonly numRows: number;
}

/** One result per row, or the row the function failed on and its error. */
export type UDFBatchResult =
  | { readonly results: readonly unknown[] }
  | { readonly failedRow: number; readonly cause: unknown };

/** Calls a user-defined function on every row of a batch. */
export type UDFEvaluator = (batch: UDFBatch) => UDFBatchResult | Promise<UDFBatchResult>;

/** The language a function is written in, which decides how its values are converted and its errors raised. */
export type UDFLanguage = "javascript" | "python";

/** What a `udf` expression calls: Spark's ScalaUDF / PythonUDF without their children. */
export interface UDFSpec {
  /** Tells functions apart (two functions of one name are two functions). */
  readonly id: number;
  /** As Spark prints the call: the registered name, the function's own name, or `UDF`. */
  readonly name: string;
  readonly dataType: DataType;
  readonly deterministic: boolean;
  readonly nullable: boolean;
  /** How many arguments the function takes, where fixed (a JavaScript function's declared parameters). */
  readonly arity?: number;
  readonly language: UDFLanguage;
  readonly evaluate: UDFEvaluator;
  /** How many arguments Spark prints in the call's name, where not all (a built-in's, as from_xml's one). */
  readonly namedArgs?: number;
  /**
   * The error for a row the function failed on where its language has its own (Python's PythonException);
   * otherwise Spark's FAILED_EXECUTE_UDF. `input` names the row and its argument values.
   */
  readonly failure?: (cause: unknown, input: string) => Error;
}

let nextUdfId = 0;

/** A fresh id for a function (ids are unique within the process). */
export function newUdfId(): number {
  nextUdfId += 1;
  return nextUdfId;
}

/**
 * A user-defined function as a Column function: call it with Columns (or column names) to get a Column. Built
 * by `udf(fn, returnType)`; `spark.udf.register(name, ...)` also makes it callable from SQL and `expr()`.
 * @example const plusOne = udf((x: number) => x + 1, "int"); df.select(plusOne(col("id")))
 */
export interface UserDefinedFunction {
  (...cols: (ColumnOrName | ColumnOrName[])[]): Column;
  /** The JavaScript function the rows are handed to (a Python function stays in Python). */
  readonly func?: (...args: never[]) => unknown;
  /** The type of the function's results. */
  readonly returnType: DataType;
  /** False once `asNondeterministic()` was called: the function may give another result for the same input. */
  readonly deterministic: boolean;
  /** Engine internal: what the function's Columns call. */
  readonly spec: UDFSpec;
  /** The same function marked nondeterministic (evaluated exactly once per row, never deduplicated). */
  asNondeterministic(): UserDefinedFunction;
  /** The same function with results that are never null. */
  asNonNullable(): UserDefinedFunction;
  /** The same function under another name (how its calls and result columns are named). */
  withName(name: string): UserDefinedFunction;
}

/** A return type as a DataType: DDL text (`"int"`, `"array<string>"`, `"a INT, b STRING"`) or the type itself. */
export function returnTypeOf(type: DataType | string | undefined): DataType {
  if (type === undefined) return StringType;
  if (typeof type !== "string") return type;
  try {
    return parseDataType(type);
  } catch (error) {
    // PySpark also takes a struct's fields as DDL ("a INT, b STRING").
    try {
      return parseSchema(type);
    } catch {
      throw error;
    }
  }
}

/** Calls `fn` with each row's arguments; the first row that throws ends the batch. */
function javaScriptEvaluator(fn: (...args: unknown[]) => unknown): UDFEvaluator {
  return ({ columns, numRows }) => {
    const results = new Array<unknown>(numRows);
    const args = new Array<unknown>(columns.length);
    for (let r = 0; r < numRows; r++) {
      for (let i = 0; i < columns.length; i++) args[i] = columns[i][r];
      try {
        results[r] = fn(...args);
      } catch (cause) {
        return { failedRow: r, cause };
      }
    }
    return { results };
  };
}

/** A JavaScript function's spec; `name` defaults to the function's own name, as Spark names a ScalaUDF. */
export function javaScriptUDF(
  fn: (...args: never[]) => unknown,
  returnType: DataType,
  options: { name?: string; deterministic?: boolean; nullable?: boolean } = {},
): UDFSpec {
  return {
    id: newUdfId(),
    name: options.name ?? (fn.name || "UDF"),
    dataType: returnType,
    deterministic: options.deterministic ?? true,
    nullable: options.nullable ?? true,
    // A function with a rest parameter declares none: it takes any number of arguments.
    arity: fn.length > 0 ? fn.length : undefined,
    language: "javascript",
    evaluate: javaScriptEvaluator(fn as (...args: unknown[]) => unknown),
  };
}

/** A call of `spec`; a function of fixed arity refuses another number of arguments, as Spark's ScalaUDF. */
export function udfExpression(spec: UDFSpec, args: readonly Expression[]): Expression {
  if (spec.arity !== undefined && args.length !== spec.arity) {
    throw wrongNumArgs(spec.name, String(spec.arity), args.length);
  }
  return { kind: "udf", udf: spec, args };
}

/** The Column of a call of `spec` with these arguments (column names become columns). */
export function udfCall(spec: UDFSpec, cols: readonly (ColumnOrName | ColumnOrName[])[]): Column {
  const args = (cols.length === 1 && Array.isArray(cols[0]) ? cols[0] : cols) as ColumnOrName[];
  return new Column(
    udfExpression(
      spec,
      args.map((a) => toColumn(a).expr),
    ),
  );
}

/** A callable UserDefinedFunction over `spec`, which calls `func` (JavaScript's; Python's stays in Python). */
export function userDefinedFunction(
  spec: UDFSpec,
  func?: (...args: never[]) => unknown,
): UserDefinedFunction {
  const with_ = (change: Partial<UDFSpec>) =>
    userDefinedFunction({ ...spec, ...change, id: newUdfId() }, func);
  const call = (...cols: (ColumnOrName | ColumnOrName[])[]) => udfCall(spec, cols);
  Object.defineProperty(call, "name", { value: spec.name });
  return Object.assign(call, {
    func,
    returnType: spec.dataType,
    deterministic: spec.deterministic,
    spec,
    asNondeterministic: () => with_({ deterministic: false }),
    asNonNullable: () => with_({ nullable: false }),
    withName: (name: string) => with_({ name }),
  });
}

/** Whether `value` is a UserDefinedFunction (rather than a plain function to make one of). */
export function isUserDefinedFunction(value: unknown): value is UserDefinedFunction {
  return (
    typeof value === "function" && "spec" in value && typeof (value as { spec: unknown }).spec === "object"
  );
}

/**
 * The row a function failed on, as its error names it: `row 3 of 3: word = 'Sweet', index = 6`. `row` counts
 * in the batch, which starts at row `first` of `total`.
 */
export function describeInput(
  batch: UDFBatch,
  row: number,
  argNames: readonly string[],
  { first, total }: { first: number; total: number },
): string {
  const values = argNames.map((name, i) => `${name} = ${displayValue(batch.columns[i][row])}`);
  return `row ${first + row + 1} of ${total}${values.length > 0 ? `: ${values.join(", ")}` : ""}`;
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "string") return `'${value}'`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "object") return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `${v}` : v));
  return String(value);
}
