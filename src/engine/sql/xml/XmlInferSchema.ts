/**
 * issue 11: Spark's XmlInferSchema: the schema of XML records. Each record's type is inferred (an element's
 * text as bigint, double, date, timestamp, boolean or string, in Spark's cascade; a repeated element an array;
 * attributes as attributePrefix fields beside valueTag), records merge by compatibleType, and what is left
 * null becomes string while empty structs drop (canonicalizeType). Fields sort by name, as Spark sorts them.
 */
import {
  ArrayType,
  AtomicType,
  BooleanType,
  type DataType,
  DateType,
  DecimalType,
  DoubleType,
  LongType,
  MapType,
  NullType,
  StringType,
  StructField,
  StructType,
  TimestampType,
} from "../types";
import { attributesOf, contentOf, nameOf, parseXmlRecord, type XNode } from "./StaxXmlParser";
import type { XmlOptions } from "./XmlOptions";
import { parseDate, parseTimestamp } from "./xmlDatetime";

const isWhitespace = (s: string) => s.trim().length === 0;
const atomicName = (t: DataType) => (t instanceof AtomicType ? t.name : "");

/** Java's String.compareTo (UTF-16 code units), as Scala's sortBy(_.name) orders names. */
function byName(a: StructField, b: StructField): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

const NUMERIC_ORDER = ["byte", "short", "integer", "long", "float", "double"];

/** TypeCoercion.findTightestCommonType, for the types inference meets. */
function tightest(t1: DataType, t2: DataType): DataType | undefined {
  if (t1.simpleString() === t2.simpleString()) return t1;
  const a = atomicName(t1);
  const b = atomicName(t2);
  if (a === "null") return t2;
  if (b === "null") return t1;
  if (NUMERIC_ORDER.includes(a) && NUMERIC_ORDER.includes(b))
    return NUMERIC_ORDER.indexOf(a) > NUMERIC_ORDER.indexOf(b) ? t1 : t2;
  if ((a === "date" && (b === "timestamp" || b === "timestamp_ntz")) || (b === "date" && a === "timestamp"))
    return a === "date" ? t2 : t1;
  if (a === "date" && b === "timestamp_ntz") return t2;
  if (t1 instanceof DecimalType && ["byte", "short", "integer", "long"].includes(b)) {
    const digits = INTEGRAL_DIGITS[b] ?? 20;
    if (t1.precision - t1.scale >= digits) return t1;
  }
  if (t2 instanceof DecimalType && ["byte", "short", "integer", "long"].includes(a)) return tightest(t2, t1);
  return undefined;
}

const INTEGRAL_DIGITS: Record<string, number> = { byte: 3, short: 5, integer: 10, long: 20 };

function decimalFor(name: string): DecimalType {
  return new DecimalType(INTEGRAL_DIGITS[name] ?? 20, 0);
}

/** XmlInferSchema.compatibleType. */
export function compatibleType(t1: DataType, t2: DataType, options: XmlOptions): DataType {
  if (t1 instanceof StructType && t2 instanceof StructType) {
    const key = (n: string) => (options.caseSensitive ? n : n.toLowerCase());
    const groups = new Map<string, StructField[]>();
    for (const f of [...t1.fields, ...t2.fields]) {
      const list = groups.get(key(f.name)) ?? [];
      list.push(f);
      groups.set(key(f.name), list);
    }
    const fields = [...groups.values()].map(
      (fs) =>
        new StructField(
          fs[0].name,
          fs.map((f) => f.dataType).reduce((x, y) => compatibleType(x, y, options)),
          true,
        ),
    );
    return new StructType(fields.sort(byName));
  }
  if (t1 instanceof ArrayType && t2 instanceof ArrayType)
    return new ArrayType(
      compatibleType(t1.elementType, t2.elementType, options),
      t1.containsNull || t2.containsNull,
    );
  const found = tightest(t1, t2);
  if (found) return found;
  const a = atomicName(t1);
  const b = atomicName(t2);
  if ((a === "double" && t2 instanceof DecimalType) || (t1 instanceof DecimalType && b === "double"))
    return DoubleType;
  if (t1 instanceof DecimalType && t2 instanceof DecimalType) {
    const scale = Math.max(t1.scale, t2.scale);
    const range = Math.max(t1.precision - t1.scale, t2.precision - t2.scale);
    return range + scale > 38 ? DoubleType : new DecimalType(range + scale, scale);
  }
  if ((a === "timestamp_ntz" && b === "timestamp") || (a === "timestamp" && b === "timestamp_ntz"))
    return TimestampType;
  if (t1 instanceof ArrayType) return new ArrayType(compatibleType(t1.elementType, t2, options));
  if (t2 instanceof ArrayType) return new ArrayType(compatibleType(t1, t2.elementType, options));
  const withValue = (st: StructType, other: DataType, first: boolean): DataType => {
    const fields = st.fields.map((f) =>
      f.name === options.valueTag
        ? new StructField(
            f.name,
            first ? compatibleType(f.dataType, other, options) : compatibleType(other, f.dataType, options),
            true,
          )
        : f,
    );
    return new StructType(fields);
  };
  if (t1 instanceof StructType && t1.fieldNames.includes(options.valueTag)) return withValue(t1, t2, true);
  if (t2 instanceof StructType && t2.fieldNames.includes(options.valueTag)) return withValue(t2, t1, false);
  if (["byte", "short", "integer", "long"].includes(a) && t2 instanceof DecimalType)
    return compatibleType(decimalFor(a), t2, options);
  if (t1 instanceof DecimalType && ["byte", "short", "integer", "long"].includes(b))
    return compatibleType(t1, decimalFor(b), options);
  return StringType;
}

/** canonicalizeType: null as string, empty structs (and fields without a name) dropped. */
export function canonicalizeType(t: DataType): DataType | undefined {
  if (t instanceof ArrayType) {
    const e = canonicalizeType(t.elementType);
    return e && new ArrayType(e, t.containsNull);
  }
  if (t instanceof StructType) {
    const fields: StructField[] = [];
    for (const f of t.fields) {
      if (f.name.length === 0) continue;
      const c = canonicalizeType(f.dataType);
      if (c) fields.push(new StructField(f.name, c, true));
    }
    return fields.length > 0 ? new StructType(fields) : undefined;
  }
  if (atomicName(t) === "null") return StringType;
  return t;
}

/** Infers one record at a time and merges them. */
export class XmlInferSchema {
  constructor(private readonly options: XmlOptions) {}

  /** The type of one record's text (a struct), or undefined for a malformed record dropped by the mode. */
  inferRecord(xml: string): DataType {
    return this.inferRoot(parseXmlRecord(xml));
  }

  inferRoot(root: XNode): DataType {
    return this.inferObject(root, true);
  }

  /** The merged, canonical schema of the records' types. */
  merge(types: readonly DataType[]): StructType {
    let root: DataType = new StructType([]);
    for (const t of types) root = compatibleType(root, t, this.options);
    const c = canonicalizeType(root);
    return c instanceof StructType ? c : new StructType([]);
  }

  /** inferFrom: a value's type in the cascade long → (decimal) → double → date → timestamp → boolean → string. */
  inferFrom(datum: string): DataType {
    const value = this.options.ignoreSurroundingSpaces ? datum.trim() : datum;
    if (!this.options.inferSchema) return StringType;
    if (value.length === 0 || value === this.options.nullValue) return NullType;
    const unsigned = value.startsWith("+") || value.startsWith("-") ? value.slice(1) : value;
    if (/^\d+$/.test(unsigned)) {
      const n = BigInt(unsigned);
      if (n < 1n << 63n || (value.startsWith("-") && n === 1n << 63n)) return LongType;
    }
    const numeric = /^(\d|\.)/.test(unsigned) && !/[dDfF]$/.test(unsigned);
    if (numeric && this.options.prefersDecimal && /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(unsigned)) {
      const [mantissa, exp] = unsigned.toLowerCase().split("e");
      const [int, frac = ""] = mantissa.split(".");
      let scale = frac.length - Number(exp ?? 0);
      let digits = (int + frac).replace(/^0+(?=\d)/, "");
      if (scale < 0) {
        digits += "0".repeat(-scale);
        scale = 0;
      }
      const precision = Math.max(digits.replace(/^0+/, "").length || 1, 1);
      if (Math.max(precision, scale) <= 38) return new DecimalType(Math.max(precision, scale), scale);
    }
    if (numeric && /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(unsigned)) return DoubleType;
    if (this.isDate(value)) return DateType;
    if (parseTimestamp(value, this.options.timestampFormat, this.options.timeZone) !== undefined)
      return TimestampType;
    const lower = value.toLowerCase();
    if (lower === "true" || lower === "false") return BooleanType;
    return StringType;
  }

  private isDate(value: string): boolean {
    // Without a dateFormat, Spark's date formatter is the strict ISO date; a date-time is a timestamp.
    if (this.options.dateFormat === undefined)
      return /^[+-]?\d{4}-\d{2}-\d{2}$/.test(value) && parseDate(value, undefined) !== undefined;
    return parseDate(value, this.options.dateFormat) !== undefined;
  }

  private addOrUpdate(types: Map<string, [string, DataType]>, name: string, t: DataType): void {
    const key = this.options.caseSensitive ? name : name.toLowerCase();
    const old = types.get(key);
    if (!old) types.set(key, [name, t]);
    else if (old[1] instanceof ArrayType) types.set(key, [old[0], compatibleType(old[1], t, this.options)]);
    else types.set(key, [old[0], new ArrayType(compatibleType(old[1], t, this.options))]);
  }

  private inferField(el: XNode): DataType {
    const content = contentOf(el);
    if (content.length === 0) return NullType;
    if ("element" in content[0]) return this.inferObject(el, false);
    const st = this.inferObject(el, false);
    if (st.fields.length === 0) return NullType;
    if (
      st.fields.length === 1 &&
      !(
        st.fields[0].dataType instanceof StructType ||
        st.fields[0].dataType instanceof ArrayType ||
        st.fields[0].dataType instanceof MapType
      ) &&
      (this.options.caseSensitive
        ? st.fields[0].name === this.options.valueTag
        : st.fields[0].name.toLowerCase() === this.options.valueTag.toLowerCase())
    )
      return st.fields[0].dataType;
    return st;
  }

  private inferObject(el: XNode, withAttributes: boolean): StructType {
    const types = new Map<string, [string, DataType]>();
    if (withAttributes)
      for (const [k, v] of attributesOf(el, this.options)) this.addOrUpdate(types, k, this.inferFrom(v));
    for (const c of contentOf(el)) {
      if ("text" in c) {
        if (!isWhitespace(c.text)) this.addOrUpdate(types, this.options.valueTag, this.inferFrom(c.text));
        continue;
      }
      const child = c.element;
      const attrs = attributesOf(child, this.options);
      let t = this.inferField(child);
      if (attrs.length > 0) {
        const fields: StructField[] =
          t instanceof StructType
            ? [...t.fields]
            : atomicName(t) === "null"
              ? []
              : [new StructField(this.options.valueTag, t, true)];
        for (const [k, v] of attrs) fields.push(new StructField(k, this.inferFrom(v), true));
        t = new StructType(fields.sort(byName));
      }
      this.addOrUpdate(types, nameOf(child, this.options), t);
    }
    return new StructType([...types.values()].map(([n, t]) => new StructField(n, t, true)).sort(byName));
  }
}

/** Spark's DataType.sql of an inferred schema: `STRUCT<a: BIGINT, b: STRING>`. */
export function typeSql(t: DataType): string {
  if (t instanceof StructType)
    return `STRUCT<${t.fields.map((f) => `${quoteIfNeeded(f.name)}: ${typeSql(f.dataType)}`).join(", ")}>`;
  if (t instanceof ArrayType) return `ARRAY<${typeSql(t.elementType)}>`;
  if (t instanceof MapType) return `MAP<${typeSql(t.keyType)}, ${typeSql(t.valueType)}>`;
  if (t instanceof DecimalType) return `DECIMAL(${t.precision},${t.scale})`;
  const names: Record<string, string> = {
    long: "BIGINT",
    integer: "INT",
    short: "SMALLINT",
    byte: "TINYINT",
    null: "VOID",
  };
  const n = atomicName(t);
  return names[n] ?? n.toUpperCase();
}

function quoteIfNeeded(name: string): string {
  return /^[a-zA-Z0-9_]+$/.test(name) && !/^\d+$/.test(name) ? name : `\`${name.replaceAll("`", "``")}\``;
}
