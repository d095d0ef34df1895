/**
 * Spark's TableOutputResolver: the rows an INSERT (or saveAsTable in append mode) writes, lined up with the
 * table's columns (by position, or by name) and cast to their types under Spark's default ANSI store assignment
 * (`spark.sql.storeAssignmentPolicy`): numbers into numbers, anything atomic into strings, dates and timestamps
 * into each other; what cannot be stored safely is an error before anything is written.
 */
import {
  cannotFindData,
  cannotSafelyCast,
  extraColumns,
  insertColumnArityMismatch,
} from "../../errors/QueryCompilationErrors";
import { Column } from "../api/Column";
import type { DataFrame } from "../api/DataFrame";
import { struct, transform, when } from "../api/functions";
import {
  ArrayType,
  AtomicType,
  type DataType,
  DecimalType,
  MapType,
  type StructField,
  StructType,
  sameName,
} from "../types";

type Ident = { readonly database: string; readonly table: string };

/** Spark's Cast.canANSIStoreAssign. */
export function canStoreAssign(from: DataType, to: DataType): boolean {
  if (from.equals(to)) return true;
  if (from instanceof AtomicType && from.name === "null") return true;
  if (isNumeric(from) && isNumeric(to)) return true;
  if (to instanceof AtomicType && to.name === "string") {
    return from instanceof AtomicType || from instanceof DecimalType;
  }
  if (isDatetime(from) && isDatetime(to)) return true;
  if (from instanceof ArrayType && to instanceof ArrayType)
    return canStoreAssign(from.elementType, to.elementType);
  if (from instanceof MapType && to instanceof MapType) {
    return canStoreAssign(from.keyType, to.keyType) && canStoreAssign(from.valueType, to.valueType);
  }
  if (from instanceof StructType && to instanceof StructType) {
    return (
      from.fields.length === to.fields.length &&
      from.fields.every((f, i) => canStoreAssign(f.dataType, to.fields[i].dataType))
    );
  }
  return false;
}

function isNumeric(type: DataType): boolean {
  return type instanceof DecimalType || (type instanceof AtomicType && type.isNumeric());
}

function isDatetime(type: DataType): boolean {
  return type instanceof AtomicType && ["date", "timestamp", "timestamp_ntz"].includes(type.name);
}

/**
 * `input`'s rows as the table's `columns`: by position, or by name where `byName` (saveAsTable's append,
 * INSERT ... BY NAME, INSERT with a column list); every column cast to the table's type and named as the table
 * names it. Where `fillMissing`, table columns the input lacks are NULL (an INSERT's column list).
 */
export function resolveOutputColumns(
  ident: Ident,
  columns: readonly StructField[],
  input: DataFrame,
  byName: boolean,
  fillMissing = false,
): DataFrame {
  const inputFields = input.schema.fields;
  if (!byName && inputFields.length !== columns.length) {
    throw insertColumnArityMismatch(
      ident,
      columns.map((c) => c.name),
      inputFields.map((f) => f.name),
    );
  }
  if (byName) {
    const extra = inputFields.filter((f) => !columns.some((c) => sameName(c.name, f.name)));
    if (extra.length > 0)
      throw extraColumns(
        ident,
        extra.map((f) => f.name),
      );
  }
  const outputs = columns.map((column, i) => {
    const source = byName ? inputFields.find((f) => sameName(f.name, column.name)) : inputFields[i];
    if (!source) {
      if (!fillMissing) throw cannotFindData(ident, column.name);
      return new Column({ kind: "literal", value: null, dataType: column.dataType }).alias(column.name);
    }
    if (!canStoreAssign(source.dataType, column.dataType)) {
      throw cannotSafelyCast(ident, column.name, source.dataType, column.dataType);
    }
    const index = inputFields.indexOf(source);
    const value = new Column({ kind: "column", parts: [source.name], index });
    return storeAssign(value, source.dataType, column.dataType).alias(column.name);
  });
  return input.select(...outputs);
}

/**
 * The value as the column's type. Structs are assigned field by field in order, whatever their names (Spark's
 * store assignment; a plain cast would match fields by name), in arrays too.
 */
function storeAssign(value: Column, from: DataType, to: DataType): Column {
  if (from.equals(to)) return value;
  if (from instanceof StructType && to instanceof StructType && !sameFieldNames(from, to)) {
    const fields = to.fields.map((f, i) =>
      storeAssign(value.getField(from.fields[i].name), from.fields[i].dataType, f.dataType).alias(f.name),
    );
    return when(value.isNull(), new Column({ kind: "literal", value: null, dataType: to })).otherwise(
      struct(...fields),
    );
  }
  if (
    from instanceof ArrayType &&
    to instanceof ArrayType &&
    containsRenamedStruct(from.elementType, to.elementType)
  ) {
    return transform(value, (x) => storeAssign(x, from.elementType, to.elementType));
  }
  return value.cast(to);
}

function sameFieldNames(a: StructType, b: StructType): boolean {
  return a.fields.every((f, i) => sameName(f.name, b.fields[i].name));
}

function containsRenamedStruct(from: DataType, to: DataType): boolean {
  if (from instanceof StructType && to instanceof StructType) return !sameFieldNames(from, to);
  if (from instanceof ArrayType && to instanceof ArrayType)
    return containsRenamedStruct(from.elementType, to.elementType);
  return false;
}
