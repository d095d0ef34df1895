/**
 * Arrow results (what DuckDB returns) to the plain rows the API promises: integers as numbers (bigint only past
 * 2^53), decimals as exact Decimal values, timestamps and dates as Date, structs as nested objects, arrays as arrays, maps as objects.
 */
import * as arrow from "apache-arrow";
import { Decimal } from "../decimals";
import { CalendarInterval } from "../intervalValues";
import { fromArrowSchema, type StructType, VARIANT_FIELD } from "../types";
import { VariantVal } from "../variantValues";

export type Row = Record<string, unknown>;

type Converter = (value: unknown) => unknown;

/** How a value of an Arrow column becomes the value rows carry (numbers, Dates, nested objects). */
export function converterFor(type: arrow.DataType): Converter {
  switch (type.typeId) {
    case arrow.Type.Int:
      return (v) =>
        typeof v === "bigint" && v >= Number.MIN_SAFE_INTEGER && v <= Number.MAX_SAFE_INTEGER ? Number(v) : v;
    // Arrow JS reads timestamps and dates as epoch milliseconds, whatever their unit.
    case arrow.Type.Timestamp:
    case arrow.Type.Date:
      return (v) => (v === null ? null : new Date(Number(v)));
    case arrow.Type.Decimal: {
      const scale = (type as arrow.Decimal).scale;
      return (v) => (v === null ? null : decimalOf(v as Uint32Array, scale));
    }
    case arrow.Type.Struct: {
      if (type.children.length === 1 && type.children[0].name === VARIANT_FIELD) {
        return (v) => {
          const text = v === null || v === undefined ? null : (v as Record<string, unknown>)[VARIANT_FIELD];
          return typeof text === "string" ? new VariantVal(text) : null;
        };
      }
      const fields = (type as arrow.Struct).children.map((f) => [f.name, converterFor(f.type)] as const);
      return (v) => {
        if (v === null || v === undefined) return null;
        const source = v as Record<string, unknown>;
        const out: Row = {};
        for (const [name, convert] of fields) out[name] = convert(source[name] ?? null);
        return out;
      };
    }
    case arrow.Type.List:
    case arrow.Type.FixedSizeList: {
      const convert = converterFor((type as arrow.List).children[0].type);
      return (v) => (v === null || v === undefined ? null : Array.from(v as Iterable<unknown>, convert));
    }
    case arrow.Type.Map: {
      const entry = (type as arrow.Map_).children[0].type as arrow.Struct;
      const key = converterFor(entry.children[0].type);
      const value = converterFor(entry.children[1].type);
      return (v) => {
        if (v === null || v === undefined) return null;
        const out: Record<string, unknown> = {};
        for (const [k, x] of v as Iterable<[unknown, unknown]>) out[String(key(k))] = value(x);
        return out;
      };
    }
    case arrow.Type.Binary:
    case arrow.Type.LargeBinary:
      return (v) => (v === null ? null : new Uint8Array(v as Uint8Array));
    case arrow.Type.Dictionary:
      return converterFor((type as arrow.Dictionary).dictionary);
    default:
      return (v) => (v === undefined ? null : v);
  }
}

/** An Arrow decimal's words as an exact Decimal (Spark's Row gives a BigDecimal; a double would round). */
function decimalOf(words: Uint32Array, scale: number): Decimal {
  // Little-endian 32-bit words of a two's-complement integer.
  let value = 0n;
  for (let i = words.length - 1; i >= 0; i--) value = (value << 32n) | BigInt(words[i]);
  const bits = BigInt(words.length * 32);
  if (value >> (bits - 1n)) value -= 1n << bits;
  return new Decimal(value, scale);
}

/** Whether `type` is Arrow's MONTH_DAY_NANO interval (DuckDB's INTERVAL), which Arrow JS 17 cannot read. */
function isMonthDayNano(type: arrow.DataType): boolean {
  return type.typeId === arrow.Type.Interval && (type as arrow.Interval).unit === 2;
}

/** Whether `type` is, or holds at any depth (a struct's field, an array's element, a map's key or value), an interval. */
function holdsInterval(type: arrow.DataType): boolean {
  if (isMonthDayNano(type)) return true;
  if (type.typeId === arrow.Type.Dictionary) return false;
  return (type.children ?? []).some((f) => holdsInterval(f.type));
}

/**
 * Reads the value at an index of one Arrow data chunk. DuckDB's INTERVAL arrives as Arrow's MONTH_DAY_NANO interval,
 * which Arrow JS 17 reads as two 32-bit words: its 16 bytes (months, days, nanoseconds) are read here as Spark's
 * CalendarInterval, at the top level and inside structs, lists and maps (read by their own buffers, recursively,
 * since Arrow JS reads nested values with the same two-word getter). Types without an interval convert as usual.
 */
function dataReader(data: arrow.Data): (index: number) => unknown {
  const type = data.type;
  if (!holdsInterval(type)) {
    const vector = arrow.makeVector(data);
    const convert = converterFor(type);
    return (index) => convert(vector.get(index));
  }
  const isNull = (index: number) => data.nullCount > 0 && !data.getValid(index);
  if (isMonthDayNano(type)) {
    return (index) => {
      if (isNull(index)) return null;
      const words = new Int32Array(
        data.values.buffer,
        data.values.byteOffset + (data.offset + index) * 16,
        4,
      );
      const nanos = (BigInt(words[3]) << 32n) | BigInt(words[2] >>> 0);
      return new CalendarInterval(words[0], words[1], Number(nanos / 1000n));
    };
  }
  switch (type.typeId) {
    case arrow.Type.Struct: {
      const fields = (type as arrow.Struct).children.map(
        (f, i) => [f.name, dataReader(data.children[i])] as const,
      );
      return (index) => {
        if (isNull(index)) return null;
        const out: Row = {};
        for (const [name, read] of fields) out[name] = read(index);
        return out;
      };
    }
    case arrow.Type.List: {
      const element = dataReader(data.children[0]);
      const offsets = data.valueOffsets;
      return (index) => {
        if (isNull(index)) return null;
        const out: unknown[] = [];
        for (let i = offsets[index]; i < offsets[index + 1]; i++) out.push(element(i));
        return out;
      };
    }
    case arrow.Type.FixedSizeList: {
      const size = (type as arrow.FixedSizeList).listSize;
      const element = dataReader(data.children[0]);
      return (index) => {
        if (isNull(index)) return null;
        return Array.from({ length: size }, (_, i) => element(index * size + i));
      };
    }
    case arrow.Type.Map: {
      const entries = data.children[0];
      const key = dataReader(entries.children[0]);
      const value = dataReader(entries.children[1]);
      const offsets = data.valueOffsets;
      return (index) => {
        if (isNull(index)) return null;
        const out: Record<string, unknown> = {};
        for (let i = offsets[index]; i < offsets[index + 1]; i++) out[String(key(i))] = value(i);
        return out;
      };
    }
    default: {
      const vector = arrow.makeVector(data);
      const convert = converterFor(type);
      return (index) => convert(vector.get(index));
    }
  }
}

/** Reads a value of a column at a row, chunk by chunk. */
function columnReader(vector: arrow.Vector): (row: number) => unknown {
  if (!holdsInterval(vector.type)) {
    const convert = converterFor(vector.type);
    return (row) => convert(vector.get(row));
  }
  const chunks = vector.data.map((data) => [data.length, dataReader(data)] as const);
  return (row) => {
    let r = row;
    for (const [length, read] of chunks) {
      if (r < length) return read(r);
      r -= length;
    }
    return null;
  };
}

/**
 * Every row as an array of values in column order (columns sharing a name stay apart, as `show()` needs).
 * Each column converts by its vector's type: Arrow's schema gives columns sharing a name the last one's type.
 */
export function toRowArrays(table: arrow.Table): unknown[][] {
  const columns = table.schema.fields.map((_, i) => columnReader(table.getChildAt(i)!));
  return Array.from({ length: table.numRows }, (_, r) => columns.map((c) => c(r)));
}

/** Every row of an Arrow table as a plain object. Column-wise, so each value is converted once. */
export function toRows(table: arrow.Table): Row[] {
  const names = table.schema.fields.map((f) => f.name);
  const columns = table.schema.fields.map((_, i) => columnReader(table.getChildAt(i)!));
  const rows: Row[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Row = {};
    for (let c = 0; c < names.length; c++) row[names[c]] = columns[c](r);
    rows[r] = row;
  }
  return rows;
}

/**
 * toRows, each row tied to the table's schema (withRowSchema): for rows kept apart from their DataFrame (a batch
 * history's), where a reader must still tell a DATE from a TIMESTAMP, both Dates here.
 */
export function toRowsWithSchema(table: arrow.Table): Row[] {
  const schema = fromArrowSchema(table.schema);
  return toRows(table).map((row) => withRowSchema(row, schema));
}

/** The schema a row of metrics was computed with (Spark's GenericRowWithSchema), kept beside the plain object. */
const ROW_SCHEMAS = new WeakMap<object, StructType>();

/** Ties `row` to its schema (what Spark's Row.json needs to write a double as a double); returns the row. */
export function withRowSchema<T extends object>(row: T, schema: StructType): T {
  ROW_SCHEMAS.set(row, schema);
  return row;
}

/** The schema `row` was tied to by withRowSchema, if any. */
export function rowSchemaOf(row: object): StructType | undefined {
  return ROW_SCHEMAS.get(row);
}
