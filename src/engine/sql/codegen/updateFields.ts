/**
 * Spark's UpdateFields, behind `Column.withField` and `Column.dropFields`: a struct with fields added, replaced or
 * dropped, at any depth of a dotted path. Each step is an argument pair — a string literal `with:<path>` and the
 * new value, or `drop:<path>` alone — so that chained calls are one call, applied in order as Spark merges them.
 * A null struct stays null, at every level.
 */
import { quoteIdentifier } from "../../duckdb/DuckDB";
import {
  ambiguousReferenceToFields,
  cannotDropAllFields,
  fieldNotFound,
  unexpectedInputType,
} from "../../errors/QueryCompilationErrors";
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import { type DataType, StructType, sameName } from "../types";
import { type FunctionSpec, literalString, MANY } from "./functionSpecs";

/** A field of the struct being rebuilt: its SQL and type, or a struct rebuilt in turn. */
type Field = { name: string; sql: string; type: DataType | undefined } | { name: string; struct: Struct };
interface Struct {
  /** The struct's value before the update: a null one stays null. */
  base: string;
  fields: Field[];
}

export const WITH_FIELD = "with:";
export const DROP_FIELD = "drop:";

export const UPDATE_FIELDS: FunctionSpec = {
  sql: (args, raw, _distinct, typeOf) => {
    const expr = `update_fields(${raw.map(expressionSql).join(", ")})`;
    const root = open(args[0], typeOf?.(args[0]), expr, expressionSql(raw[0]));
    for (let i = 1; i < raw.length; i++) {
      const step = literalString(raw[i]) ?? "";
      if (step.startsWith(WITH_FIELD)) {
        i += 1;
        withField(root, step.slice(WITH_FIELD.length).split("."), args[i], typeOf?.(args[i]), expr);
      } else dropField(root, step.slice(DROP_FIELD.length).split("."), expr);
    }
    return render(root);
  },
  minArgs: 2,
  maxArgs: MANY,
};

function open(sql: string, type: DataType | undefined, expr: string, inputSql: string): Struct {
  if (!(type instanceof StructType)) {
    throw unexpectedInputType(expr, 0, '"STRUCT"', inputSql, type ?? { simpleString: () => "void" });
  }
  return {
    base: sql,
    fields: type.fields.map((f) => ({
      name: f.name,
      sql: `(${sql}).${quoteIdentifier(f.name)}`,
      type: f.dataType,
    })),
  };
}

/** The one field a path step names, opened as a struct to update inside. */
function nested(struct: Struct, name: string, expr: string): Struct {
  const matches = struct.fields.filter((f) => sameName(f.name, name));
  if (matches.length === 0) {
    throw fieldNotFound(
      name,
      struct.fields.map((f) => f.name),
    );
  }
  if (matches.length > 1) throw ambiguousReferenceToFields(name, matches.length);
  const field = matches[0];
  if ("struct" in field) return field.struct;
  const opened = open(field.sql, field.type, expr, field.name);
  const index = struct.fields.indexOf(field);
  struct.fields[index] = { name: field.name, struct: opened };
  return opened;
}

function withField(struct: Struct, path: string[], sql: string, type: DataType | undefined, expr: string) {
  const [name, ...rest] = path;
  if (rest.length > 0) return withField(nested(struct, name, expr), rest, sql, type, expr);
  const value: Field = { name, sql, type };
  let replaced = false;
  struct.fields = struct.fields.map((f) => {
    if (!sameName(f.name, name)) return f;
    replaced = true;
    return value;
  });
  if (!replaced) struct.fields.push(value);
}

function dropField(struct: Struct, path: string[], expr: string) {
  const [name, ...rest] = path;
  if (rest.length > 0) return dropField(nested(struct, name, expr), rest, expr);
  struct.fields = struct.fields.filter((f) => !sameName(f.name, name));
  if (struct.fields.length === 0) throw cannotDropAllFields(expr);
}

function render(struct: Struct): string {
  const fields = struct.fields.map(
    (f) => `${quoteIdentifier(f.name)} := ${"struct" in f ? render(f.struct) : f.sql}`,
  );
  return `(CASE WHEN (${struct.base}) IS NULL THEN NULL ELSE struct_pack(${fields.join(", ")}) END)`;
}

/** The call `withField` / `dropFields` builds on `child`, merged into the child's own update if it is one. */
export function updateFields(child: Expression, steps: readonly Expression[]): Expression {
  if (child.kind === "call" && child.name === "update_fields") {
    return { kind: "call", name: "update_fields", args: [...child.args, ...steps] };
  }
  return { kind: "call", name: "update_fields", args: [child, ...steps] };
}

/** Spark's name for the call: `update_fields(a, withfield(4), dropfield())`. */
export function updateFieldsName(args: readonly Expression[]): string {
  const steps: string[] = [];
  for (let i = 1; i < args.length; i++) {
    if (literalString(args[i])?.startsWith(WITH_FIELD)) steps.push(`withfield(${expressionSql(args[++i])})`);
    else steps.push("dropfield()");
  }
  return `update_fields(${[expressionSql(args[0]), ...steps].join(", ")})`;
}
