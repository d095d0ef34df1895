/** What `groupBy(...)` returns: aggregations over the groups, and functions over each group with state. */

import {
  cannotAssignEventTimeColumnWithoutWatermark,
  noAggregateExpressions,
  nonLiteralPivotValues,
  nonNumericAggregation,
  unresolvedColumn,
} from "../../errors/QueryCompilationErrors";
import { toSQLExpr } from "../../errors/QueryErrorsBase";
import { initialStateKeyCount } from "../../errors/QueryExecutionErrors";
import {
  type GroupsWithStateFunction,
  type GroupsWithStateOptions,
  type GroupsWithStateSpec,
  groupsWithStateSpec,
  type InitialState,
} from "../../streaming/operators/GroupState";
import {
  type StatefulProcessor,
  type TransformWithStateOptions,
  transformWithStateSpec,
} from "../../streaming/operators/StatefulProcessor";
import { eventTimeColumns } from "../../streaming/runtime/EventTimeWatermark";
import { expressionName, expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import { AtomicType, type DataType, DecimalType, type StructType } from "../types";
import { Column, type ColumnOrName, toColumn } from "./Column";
import type { DataFrame } from "./DataFrame";
import { aggregateGroupingSets, type GroupingSets } from "./groupingSets";
import { aggregatePivot, checkPivot, type PivotSpec } from "./pivot";

/**
 * What `groupBy(...)`, `cube(...)`, `rollup(...)` and `groupingSets(...)` return: aggregate it with `count()`, `agg(...)`, `sum`, `avg`, `min`, `max`, or run a
 * function with state per group (`flatMapGroupsWithState`, `transformWithState`).
 */
export class GroupedData {
  constructor(
    /** The DataFrame being grouped. */
    readonly df: DataFrame,
    /** The grouping expressions (engine internal). */
    readonly groupingExprs: readonly Expression[],
    /** cube, rollup or grouping sets: the sets, as indices into `groupingExprs` (engine internal). */
    readonly groupingSets?: GroupingSets,
    /** After `pivot(...)`: the pivot column and its values, if given (engine internal). */
    readonly pivotSpec?: PivotSpec,
  ) {}

  /**
   * Pivots a column: its values become columns, one per value and aggregate (`groupBy("year").pivot("course",
   * ["dotNET", "Java"]).sum("earnings")`). Without values, its distinct values are found first, sorted, as
   * Spark does; that needs a query, so on a stream values must be given.
   */
  pivot(pivotCol: ColumnOrName, values?: readonly unknown[]): GroupedData {
    const spec: PivotSpec = {
      column: toColumn(pivotCol).expr,
      ...(values !== undefined
        ? { values: values.map((v) => (v instanceof Column ? literalOf(v) : v)) }
        : {}),
    };
    checkPivot(this.df, spec);
    return new GroupedData(this.df, this.groupingExprs, this.groupingSets, spec);
  }

  /** `agg(count("*").alias("n"), max("x"))`, or PySpark's dict form `agg({ price: "max" })`. */
  agg(...exprs: (Column | Record<string, string>)[]): DataFrame {
    const aggregates: Expression[] = exprs.flatMap((e) =>
      e instanceof Column
        ? [e.expr]
        : Object.entries(e).map(([name, fn]) => fnCall(fn === "mean" ? "avg" : fn, name)),
    );
    if (aggregates.length === 0) throw noAggregateExpressions();
    return this.aggregate(aggregates);
  }

  /** The number of rows per group, in a column named `count`. */
  count(): DataFrame {
    return this.aggregate([
      {
        kind: "alias",
        child: { kind: "call", name: "count", args: [{ kind: "literal", value: 1 }] },
        name: "count",
      },
    ]);
  }

  /**
   * The sum of each given numeric column per group (every numeric column where none is named), in columns
   * named `sum(col)`.
   */
  sum(...cols: string[]): DataFrame {
    return this.numeric("sum", cols);
  }
  /** The mean of each given numeric column per group, in columns named `avg(col)`. */
  avg(...cols: string[]): DataFrame {
    return this.numeric("avg", cols);
  }
  /** The mean of each given numeric column per group; same as `avg`. */
  mean(...cols: string[]): DataFrame {
    return this.numeric("avg", cols);
  }
  /** The smallest value of each given numeric column per group, in columns named `min(col)`. */
  min(...cols: string[]): DataFrame {
    return this.numeric("min", cols);
  }
  /** The largest value of each given numeric column per group, in columns named `max(col)`. */
  max(...cols: string[]): DataFrame {
    return this.numeric("max", cols);
  }

  private numeric(fn: string, cols: string[]): DataFrame {
    const isNumeric = (type: DataType) =>
      type instanceof DecimalType || (type instanceof AtomicType && type.isNumeric());
    for (const name of cols) {
      const field = this.df.schema.field(name);
      if (field && !isNumeric(field.dataType)) {
        throw nonNumericAggregation(name);
      }
    }
    // Without names: every numeric column, as in Spark.
    const names =
      cols.length > 0 ? cols : this.df.schema.fields.filter((f) => isNumeric(f.dataType)).map((f) => f.name);
    return this.aggregate(names.map((n) => fnCall(fn, n)));
  }

  /**
   * Spark's flatMapGroupsWithState: `func(key, rows, state)` runs for each group with rows in a batch (and for
   * each group whose timeout passed) and returns rows of `outputStructType`; `state` keeps a value per group.
   */
  flatMapGroupsWithState<S>(func: GroupsWithStateFunction<S>, options: GroupsWithStateOptions): DataFrame {
    return this.groupsWithState("flatMapGroupsWithState", func, options);
  }

  /** Spark's mapGroupsWithState: as flatMapGroupsWithState with one output row per call, in update mode. */
  mapGroupsWithState<S>(
    func: GroupsWithStateFunction<S>,
    options: Omit<GroupsWithStateOptions, "outputMode">,
  ): DataFrame {
    return this.groupsWithState("mapGroupsWithState", func, options);
  }

  /** PySpark's applyInPandasWithState, with plain rows for the pandas frames. */
  applyInPandasWithState<S>(
    func: GroupsWithStateFunction<S>,
    outputStructType: StructType | string,
    stateStructType: StructType | string,
    outputMode: string,
    timeoutConf: string,
  ): DataFrame {
    return this.groupsWithState("applyInPandasWithState", func, {
      outputStructType,
      stateStructType,
      outputMode,
      timeoutConf,
    });
  }

  /**
   * Spark 4's transformWithState: the processor's `handleInputRows` runs per group with rows, `handleExpiredTimer`
   * per timer that has passed; its state variables (value, list, map) follow the current group.
   */
  transformWithState(processor: StatefulProcessor, options: TransformWithStateOptions): DataFrame {
    const { initialState, ...rest } = options;
    const spec = transformWithStateSpec(
      processor,
      rest,
      (ddl) => this.df.sparkSession.parseSchema(ddl),
      // handleInitialState gets the initial state's whole row, its keys too (Spark's mapValues(x => x)).
      initialState && this.initialStateOf(initialState, true),
    );
    const eventTime = spec.eventTimeColumnName;
    if (eventTime !== undefined) {
      // Spark's UpdateEventTimeWatermarkColumn: the input's watermark carries over to the named output column.
      if (eventTimeColumns(this.df.plan).length === 0) throw cannotAssignEventTimeColumnWithoutWatermark();
      if (!spec.outputSchema.fieldNames.includes(eventTime)) {
        throw unresolvedColumn(eventTime, spec.outputSchema.fieldNames);
      }
    }
    return this.withStateNode(spec);
  }

  /** PySpark's transformWithStateInPandas, with plain rows for the pandas frames. */
  transformWithStateInPandas(
    statefulProcessor: StatefulProcessor,
    outputStructType: StructType | string,
    outputMode: string,
    timeMode: string,
    initialState?: GroupedData,
  ): DataFrame {
    return this.transformWithState(statefulProcessor, {
      outputStructType,
      outputMode,
      timeMode,
      initialState,
    });
  }

  private groupsWithState<S>(
    apiName: "flatMapGroupsWithState" | "mapGroupsWithState" | "applyInPandasWithState",
    func: GroupsWithStateFunction<S>,
    options: GroupsWithStateOptions,
  ): DataFrame {
    const { initialState, ...rest } = options;
    const spec = groupsWithStateSpec(
      apiName,
      func,
      rest,
      (ddl) => this.df.sparkSession.parseSchema(ddl),
      initialState && this.initialStateOf(initialState),
    );
    return this.withStateNode(spec);
  }

  /**
   * Spark's initialState: the keys of the given grouping as `__k0`, ..., then the other columns (all of them with
   * `withKeys`), the state.
   */
  private initialStateOf(initial: GroupedData, withKeys = false): InitialState {
    if (initial.groupingExprs.length !== this.groupingExprs.length) {
      throw initialStateKeyCount(this.groupingExprs.length, initial.groupingExprs.length);
    }
    const keyNames = new Set(initial.groupingExprs.map((e) => expressionName(e)));
    const valueColumns = initial.df.columns.filter((c) => withKeys || !keyNames.has(c));
    const df = initial.df.select(
      ...initial.groupingExprs.map((e, i) => new Column(e).alias(`__k${i}`)),
      ...valueColumns.map((c) => initial.df.col(c)),
    );
    return { df, valueColumns };
  }

  private withStateNode(spec: GroupsWithStateSpec): DataFrame {
    const grouping = this.groupingExprs.map((e) => toColumn(new Column(e)).expr);
    return this.df.derive((child) => ({ kind: "flatMapGroupsWithState", child, groupBy: grouping, spec }));
  }

  private aggregate(aggregates: Expression[]): DataFrame {
    const grouping = this.groupingExprs.map((e) => toColumn(new Column(e)).expr);
    if (this.pivotSpec) return aggregatePivot(this.df, grouping, this.pivotSpec, aggregates);
    if (this.groupingSets) {
      return aggregateGroupingSets(this.df, grouping, this.groupingSets, [...grouping, ...aggregates]);
    }
    // Grouping columns come first in the output, as in Spark.
    return this.df.derive((child) => ({
      kind: "aggregate",
      child,
      groupBy: grouping,
      aggregates: [...grouping, ...aggregates],
    }));
  }
}

function fnCall(name: string, column: string): Expression {
  return {
    kind: "call",
    name,
    args: [column === "*" ? { kind: "star" } : { kind: "column", parts: [column] }],
  };
}

/** A literal Column's value (`lit("Java")` among pivot values, as Spark takes them). */
function literalOf(c: Column): unknown {
  const e = c.expr;
  if (e.kind === "literal") return e.value;
  throw nonLiteralPivotValues(toSQLExpr(expressionSql(e)));
}
