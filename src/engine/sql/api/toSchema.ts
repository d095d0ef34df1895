/**
 * Spark's `Dataset.to(schema)` (Project.matchSchema): the DataFrame's columns matched to a schema's fields by
 * name (case-insensitively, as Spark's default resolver), nested structs reordered the same way, every value
 * cast to the schema's type where ANSI store assignment allows it. A column the schema leaves out is dropped;
 * the output keeps the input's nullability, refuses a nullable input where the schema wants none, and takes
 * the input's metadata overlaid with the schema's.
 *
 * Sluice's schemas take nested types from DuckDB, which calls every struct field, array element and map value
 * nullable; so only a top-level column's nullability is checked and kept, and nested ones are the schema's.
 */
import {
  ambiguousColumnOrField,
  invalidColumnOrFieldDataType,
  nullableColumnOrField,
  unresolvedColumnOfSchema,
  unresolvedField,
} from "../../errors/QueryCompilationErrors";
import { canStoreAssign } from "../analysis/TableOutputResolver";
import { ArrayType, type DataType, MapType, StructField, StructType, sameName } from "../types";
import { Column } from "./Column";
import { lit, struct, transform, transform_keys, transform_values, when } from "./functions";

/** A column or struct field of the input: what it is called, its field, and how to read it. */
interface Input {
  readonly field: StructField;
  readonly column: Column;
}

/** A field of the output: how to compute it and its field in the output schema. */
interface Output {
  readonly column: Column;
  readonly field: StructField;
}

/** The columns `df.to(schema)` selects, each aliased, and the schema they make. */
export function matchSchema(
  input: StructType,
  schema: StructType,
): { columns: Column[]; schema: StructType } {
  const inputs = input.fields.map(
    (field, index): Input => ({ field, column: new Column({ kind: "column", parts: [field.name], index }) }),
  );
  const outputs = reorderFields(inputs, schema.fields, []);
  return {
    columns: outputs.map((o) => o.column.alias(o.field.name)),
    schema: new StructType(outputs.map((o) => o.field)),
  };
}

function reorderFields(inputs: readonly Input[], expected: readonly StructField[], path: string[]): Output[] {
  return expected.map((f) => {
    const matched = inputs.filter((i) => sameName(i.field.name, f.name));
    const fieldPath = [...path, f.name];
    if (matched.length === 0) {
      const names = inputs.map((i) => i.field.name);
      throw path.length === 0
        ? unresolvedColumnOfSchema(f.name, names)
        : unresolvedField(f.name, path, names);
    }
    if (matched.length > 1) throw ambiguousColumnOrField(fieldPath, matched.length);
    const { field, column } = matched[0];
    const nested = path.length > 0;
    if (field.nullable && !f.nullable && !nested) throw nullableColumnOrField(fieldPath);
    const [value, type] = reconcile(column, field.dataType, f.dataType, field.nullable, fieldPath);
    return {
      column: value,
      field: new StructField(f.name, type, nested ? f.nullable : field.nullable, {
        ...field.metadata,
        ...f.metadata,
      }),
    };
  });
}

/** `column` (of type `from`) as the type `to`, and the type it ends up with (nullability from the input). */
function reconcile(
  column: Column,
  from: DataType,
  to: DataType,
  nullable: boolean,
  path: string[],
): [Column, DataType] {
  if (from instanceof StructType && to instanceof StructType) {
    const inner = reorderFields(
      from.fields.map((field) => ({ field, column: column.getField(field.name) })),
      to.fields,
      path,
    );
    const built = struct(...inner.map((o) => o.column.alias(o.field.name)));
    const type = new StructType(inner.map((o) => o.field));
    return [nullable ? when(column.isNull(), lit(null)).otherwise(built) : built, type];
  }
  if (from instanceof ArrayType && to instanceof ArrayType) {
    if (from.elementType.equals(to.elementType) && !(to.elementType instanceof StructType)) {
      return [column, from];
    }
    let elementType: DataType = from.elementType;
    const value = transform(column, (x) => {
      const [e, t] = reconcile(x, from.elementType, to.elementType, from.containsNull, path);
      elementType = t;
      return e;
    });
    return [value, new ArrayType(elementType, to.containsNull)];
  }
  if (from instanceof MapType && to instanceof MapType) {
    let value = column;
    let keyType: DataType = from.keyType;
    let valueType: DataType = from.valueType;
    if (!from.keyType.equals(to.keyType) || to.keyType instanceof StructType) {
      value = transform_keys(value, (k) => {
        const [e, t] = reconcile(k, from.keyType, to.keyType, false, path);
        keyType = t;
        return e;
      });
    }
    if (!from.valueType.equals(to.valueType) || to.valueType instanceof StructType) {
      value = transform_values(value, (_k, v) => {
        const [e, t] = reconcile(v, from.valueType, to.valueType, from.valueContainsNull, path);
        valueType = t;
        return e;
      });
    }
    return [value, new MapType(keyType, valueType, to.valueContainsNull)];
  }
  if (from.equals(to)) return [column, from];
  if (canStoreAssign(from, to)) return [column.cast(to), to];
  throw invalidColumnOrFieldDataType(path, from, to);
}
