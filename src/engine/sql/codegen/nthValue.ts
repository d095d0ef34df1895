/**
 * Spark's nth_value (NthValue): the value of the window frame's `offset`-th row (from 1), null where the frame
 * has fewer rows; with ignoreNulls (`IGNORE NULLS` in SQL, a third argument true) the nulls are not counted. It
 * respects the window's frame, as an aggregate does, and is computed over a window only.
 */
import {
  nthValueOffsetOutOfRange,
  windowFunctionWithoutOverClause,
} from "../../errors/QueryCompilationErrors";
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import type { FunctionSpec } from "./functionSpecs";

const ignoreNulls = (raw: readonly Expression[]) => raw[2]?.kind === "literal" && raw[2].value === true;

export const NTH_VALUE: FunctionSpec = {
  sql: () => {
    throw windowFunctionWithoutOverClause("nth_value");
  },
  windowed: (args, raw, over) => {
    const offset = raw[1];
    if (offset?.kind === "literal" && typeof offset.value === "number" && offset.value <= 0) {
      const call = `nth_value(${raw.slice(0, 2).map(expressionSql).join(", ")})`;
      throw nthValueOffsetOutOfRange(call, offset.value);
    }
    return `nth_value(${args[0]}, ${args[1]}${ignoreNulls(raw) ? " IGNORE NULLS" : ""}) OVER (${over})`;
  },
  minArgs: 2,
  maxArgs: 3,
};
