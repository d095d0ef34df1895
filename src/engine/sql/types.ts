/**
 * Spark SQL's data types, with the DDL syntax Spark accepts ("a STRING, b STRUCT<c: INT>") and their DuckDB
 * and Arrow counterparts.
 */

import * as arrow from "apache-arrow";
import type { ParseException } from "../errors/exceptions";
import { editDistance } from "../errors/QueryErrorsBase";
import { collationInvalidName, parseSyntaxError, unsupportedDataType } from "../errors/QueryParsingErrors";

export type AtomicTypeName =
  | "string"
  | "boolean"
  | "byte"
  | "short"
  | "integer"
  | "long"
  | "float"
  | "double"
  | "date"
  | "timestamp"
  | "timestamp_ntz"
  | "binary"
  | "null";

export abstract class DataType {
  /** Spark's `simpleString` ("bigint", "struct<a:int>"). */
  abstract simpleString(): string;
  /** The DuckDB type this maps to in generated SQL. */
  abstract sql(): string;
  /** Spark's `typeName` as printSchema shows it ("long", "integer"). */
  abstract typeName(): string;
  equals(other: DataType): boolean {
    return this.simpleString() === other.simpleString();
  }
  toString(): string {
    return this.simpleString();
  }
}

const ATOMIC: Record<AtomicTypeName, { simple: string; sql: string }> = {
  string: { simple: "string", sql: "VARCHAR" },
  boolean: { simple: "boolean", sql: "BOOLEAN" },
  byte: { simple: "tinyint", sql: "TINYINT" },
  short: { simple: "smallint", sql: "SMALLINT" },
  integer: { simple: "int", sql: "INTEGER" },
  long: { simple: "bigint", sql: "BIGINT" },
  float: { simple: "float", sql: "REAL" },
  double: { simple: "double", sql: "DOUBLE" },
  date: { simple: "date", sql: "DATE" },
  // Spark's TIMESTAMP is an instant (DuckDB's TIMESTAMP of its UTC wall clock); TIMESTAMP_NTZ a wall clock
  // without a zone, also DuckDB's TIMESTAMP: the analyzer keeps which one a column is (declaredType).
  timestamp: { simple: "timestamp", sql: "TIMESTAMP" },
  timestamp_ntz: { simple: "timestamp_ntz", sql: "TIMESTAMP" },
  binary: { simple: "binary", sql: "BLOB" },
  null: { simple: "void", sql: "INTEGER" },
};

export class AtomicType extends DataType {
  constructor(readonly name: AtomicTypeName) {
    super();
  }
  simpleString(): string {
    return ATOMIC[this.name].simple;
  }
  sql(): string {
    return ATOMIC[this.name].sql;
  }
  typeName(): string {
    return this.name === "null" ? "void" : this.name;
  }
  isNumeric(): boolean {
    return ["byte", "short", "integer", "long", "float", "double"].includes(this.name);
  }
}

/**
 * Spark 4's collations that Sluice honours, by canonical name, with the DuckDB collation that compares as Spark's
 * does (none: bytes). UTF8_BINARY is the default StringType; UNICODE compares equal strings only when their bytes
 * are (DuckDB has no ICU offline, so it orders by code point); UNICODE_CI and UTF8_LCASE ignore case.
 */
const COLLATIONS: Readonly<Record<string, { readonly duckdb?: string; readonly binaryStable: boolean }>> = {
  UTF8_BINARY: { binaryStable: true },
  UTF8_LCASE: { duckdb: "NOCASE", binaryStable: false },
  UNICODE: { binaryStable: false },
  UNICODE_CI: { duckdb: "NOCASE", binaryStable: false },
};

/** Spark's StringType with a collation other than UTF8_BINARY: `string collate UTF8_LCASE`. */
export class CollatedStringType extends AtomicType {
  constructor(readonly collation: string) {
    super("string");
  }
  override simpleString(): string {
    return `string collate ${this.collation}`;
  }
  /** DuckDB's type: VARCHAR with the collation that compares, groups and sorts as Spark's does. */
  override sql(): string {
    return "VARCHAR";
  }
  override typeName(): string {
    return this.simpleString();
  }
  /** A VARCHAR expression given this collation in DuckDB. */
  collateSql(x: string): string {
    const duckdb = COLLATIONS[this.collation]?.duckdb;
    return duckdb ? `(${x} COLLATE ${duckdb})` : x;
  }
  /** Whether equal strings are equal bytes (Spark's supportsBinaryEquality): what a state key needs. */
  get binaryStable(): boolean {
    return COLLATIONS[this.collation]?.binaryStable ?? false;
  }
}

/**
 * Spark's `StringType(name)`: the default StringType for UTF8_BINARY, else the collated type; a name Spark does
 * not know is COLLATION_INVALID_NAME. Names are case-insensitive.
 */
export function collatedStringType(name: string): DataType {
  const canonical = name.trim().toUpperCase();
  if (!(canonical in COLLATIONS)) {
    const proposals = Object.keys(COLLATIONS)
      .map((c) => [c, editDistance(c, canonical)] as const)
      .sort((a, b) => a[1] - b[1])
      .slice(0, 3)
      .map(([c]) => c);
    throw collationInvalidName(name, proposals);
  }
  return canonical === "UTF8_BINARY" ? StringType : new CollatedStringType(canonical);
}

/** The collation of a string type (`UTF8_BINARY` for the default), undefined for other types. */
export function collationOf(type: DataType): string | undefined {
  if (type instanceof CollatedStringType) return type.collation;
  return type instanceof AtomicType && type.name === "string" ? "UTF8_BINARY" : undefined;
}

/** Whether a type (at any depth) holds a string whose collation does not compare by bytes. */
export function isBinaryStable(type: DataType): boolean {
  if (type instanceof CollatedStringType) return type.binaryStable;
  if (type instanceof StructType) return type.fields.every((f) => isBinaryStable(f.dataType));
  if (type instanceof ArrayType) return isBinaryStable(type.elementType);
  if (type instanceof MapType) return isBinaryStable(type.keyType) && isBinaryStable(type.valueType);
  return true;
}

export class DecimalType extends DataType {
  constructor(
    readonly precision = 10,
    readonly scale = 0,
  ) {
    super();
  }
  simpleString(): string {
    return `decimal(${this.precision},${this.scale})`;
  }
  sql(): string {
    return `DECIMAL(${this.precision},${this.scale})`;
  }
  typeName(): string {
    return this.simpleString();
  }
}

/** Spark's DayTimeIntervalType fields, in order: a type spans a start field to an end field. */
export const DAY_TIME_FIELDS = ["day", "hour", "minute", "second"] as const;
/** Spark's YearMonthIntervalType fields. */
export const YEAR_MONTH_FIELDS = ["year", "month"] as const;

/**
 * Spark's ANSI `INTERVAL DAY TO SECOND` and its narrower ranges (`interval day`, `interval hour to second`, ...):
 * a count of microseconds. DuckDB holds it as an INTERVAL; DuckDB's result types do not say which range, so the
 * analyzer carries the range beside the column (as it does a string's collation).
 */
export class DayTimeIntervalType extends DataType {
  constructor(
    readonly startField = 0,
    readonly endField = 3,
  ) {
    super();
  }
  simpleString(): string {
    const start = DAY_TIME_FIELDS[this.startField];
    const end = DAY_TIME_FIELDS[this.endField];
    return start === end ? `interval ${start}` : `interval ${start} to ${end}`;
  }
  sql(): string {
    return "INTERVAL";
  }
  typeName(): string {
    return this.simpleString();
  }
}

/** Spark's ANSI `INTERVAL YEAR TO MONTH` (`interval year`, `interval month`): a count of months. */
export class YearMonthIntervalType extends DataType {
  constructor(
    readonly startField = 0,
    readonly endField = 1,
  ) {
    super();
  }
  simpleString(): string {
    const start = YEAR_MONTH_FIELDS[this.startField];
    const end = YEAR_MONTH_FIELDS[this.endField];
    return start === end ? `interval ${start}` : `interval ${start} to ${end}`;
  }
  sql(): string {
    return "INTERVAL";
  }
  typeName(): string {
    return this.simpleString();
  }
}

/** Spark's legacy CalendarIntervalType (`make_interval`'s): months, days and microseconds, not comparable. */
export class CalendarIntervalType extends DataType {
  simpleString(): string {
    return "interval";
  }
  sql(): string {
    return "INTERVAL";
  }
  typeName(): string {
    return "interval";
  }
}

export const CalendarIntervalTypeInstance = new CalendarIntervalType();

/** Whether a type is one of Spark's interval types. */
export function isIntervalType(
  type: DataType | undefined,
): type is DayTimeIntervalType | YearMonthIntervalType | CalendarIntervalType {
  return (
    type instanceof DayTimeIntervalType ||
    type instanceof YearMonthIntervalType ||
    type instanceof CalendarIntervalType
  );
}

/**
 * The struct field a variant value is kept in. DuckDB has no variant (and its JSON type is an extension Sluice
 * cannot load offline), so a variant is a one-field STRUCT of its JSON text: DuckDB's result types then say which
 * columns are variants, through every operator, file and sink, as they say which are structs.
 */
export const VARIANT_FIELD = "__sluice_variant";

/**
 * Spark 4's VariantType. The value is its JSON text in a canonical form that keeps what Spark's binary encoding
 * keeps (variantValues.ts): object keys sorted and unique, no spaces, integers as written, decimals stripped of
 * trailing zeros with `.0` marking whole ones, doubles as Java prints them with `E0` marking those without an
 * exponent. `to_json`, `show()` and `collect()` print it as Spark does (those markers dropped).
 */
export class VariantType extends DataType {
  simpleString(): string {
    return "variant";
  }
  sql(): string {
    return `STRUCT("${VARIANT_FIELD}" VARCHAR)`;
  }
  typeName(): string {
    return "variant";
  }
}

export const VariantTypeInstance = new VariantType();

export class ArrayType extends DataType {
  constructor(
    readonly elementType: DataType,
    readonly containsNull = true,
  ) {
    super();
  }
  simpleString(): string {
    return `array<${this.elementType.simpleString()}>`;
  }
  sql(): string {
    return `${this.elementType.sql()}[]`;
  }
  typeName(): string {
    return "array";
  }
}

export class MapType extends DataType {
  constructor(
    readonly keyType: DataType,
    readonly valueType: DataType,
    readonly valueContainsNull = true,
  ) {
    super();
  }
  simpleString(): string {
    return `map<${this.keyType.simpleString()},${this.valueType.simpleString()}>`;
  }
  sql(): string {
    return `MAP(${this.keyType.sql()}, ${this.valueType.sql()})`;
  }
  typeName(): string {
    return "map";
  }
}

export class StructField {
  constructor(
    readonly name: string,
    readonly dataType: DataType,
    readonly nullable = true,
    readonly metadata: Record<string, unknown> = {},
  ) {}
  toString(): string {
    return `StructField(${this.name},${this.dataType.simpleString()},${this.nullable})`;
  }
}

export class StructType extends DataType {
  readonly fields: readonly StructField[];
  constructor(fields: readonly StructField[] = []) {
    super();
    this.fields = fields;
  }
  /** Spark's fluent builder: `new StructType().add("a", "string")`. */
  add(name: string, dataType: DataType | string, nullable = true): StructType {
    const type = typeof dataType === "string" ? parseDataType(dataType) : dataType;
    return new StructType([...this.fields, new StructField(name, type, nullable)]);
  }
  get fieldNames(): string[] {
    return this.fields.map((f) => f.name);
  }
  /** Case-insensitive lookup, as Spark resolves names by default. */
  field(name: string): StructField | undefined {
    return this.fields.find((f) => f.name === name) ?? this.fields.find((f) => sameName(f.name, name));
  }
  simpleString(): string {
    return `struct<${this.fields.map((f) => `${f.name}:${f.dataType.simpleString()}`).join(",")}>`;
  }
  sql(): string {
    return `STRUCT(${this.fields.map((f) => `${quoteName(f.name)} ${f.dataType.sql()}`).join(", ")})`;
  }
  typeName(): string {
    return "struct";
  }
  /** Spark's `toDDL`: "a STRING, b BIGINT NOT NULL COMMENT 'the id'". */
  toDDL(): string {
    return this.fields
      .map((f) => {
        const comment = commentOf(f);
        const notNull = f.nullable ? "" : " NOT NULL";
        const commentClause = comment === undefined ? "" : ` COMMENT '${escapeSingleQuoted(comment)}'`;
        return `${quoteDDLName(f.name)} ${ddlOf(f.dataType)}${notNull}${commentClause}`;
      })
      .join(", ");
  }
  /** The tree `df.printSchema()` prints. */
  treeString(): string {
    const lines = ["root"];
    const walk = (type: DataType, prefix: string) => {
      if (type instanceof StructType) {
        for (const f of type.fields) {
          lines.push(`${prefix}-- ${f.name}: ${f.dataType.typeName()} (nullable = ${f.nullable})`);
          walk(f.dataType, `${prefix}    |`);
        }
      } else if (type instanceof ArrayType) {
        lines.push(
          `${prefix}-- element: ${type.elementType.typeName()} (containsNull = ${type.containsNull})`,
        );
        walk(type.elementType, `${prefix}    |`);
      } else if (type instanceof MapType) {
        lines.push(`${prefix}-- key: ${type.keyType.typeName()}`);
        walk(type.keyType, `${prefix}    |`);
        lines.push(
          `${prefix}-- value: ${type.valueType.typeName()} (valueContainsNull = ${type.valueContainsNull})`,
        );
        walk(type.valueType, `${prefix}    |`);
      }
    };
    walk(this, " |");
    return `${lines.join("\n")}\n`;
  }
}

export const StringType = new AtomicType("string");
export const BooleanType = new AtomicType("boolean");
export const ByteType = new AtomicType("byte");
export const ShortType = new AtomicType("short");
export const IntegerType = new AtomicType("integer");
export const LongType = new AtomicType("long");
export const FloatType = new AtomicType("float");
export const DoubleType = new AtomicType("double");
export const DateType = new AtomicType("date");
export const TimestampType = new AtomicType("timestamp");
export const TimestampNTZType = new AtomicType("timestamp_ntz");
export const BinaryType = new AtomicType("binary");
export const NullType = new AtomicType("null");

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteDDLName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replaceAll("`", "``")}\``;
}

/** A field's comment: what `COMMENT '...'` in DDL sets (Spark keeps it in the field's metadata, as here). */
export function commentOf(field: StructField): string | undefined {
  const comment = field.metadata.comment;
  return typeof comment === "string" ? comment : undefined;
}

/** Spark's `escapeSingleQuotedString`: backslashes and single quotes escaped for a '...' literal. */
function escapeSingleQuoted(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("'", "\\'");
}

function ddlOf(type: DataType): string {
  if (type instanceof StructType) {
    return `STRUCT<${type.fields.map((f) => `${quoteDDLName(f.name)}: ${ddlOf(f.dataType)}`).join(", ")}>`;
  }
  if (type instanceof ArrayType) return `ARRAY<${ddlOf(type.elementType)}>`;
  if (type instanceof MapType) return `MAP<${ddlOf(type.keyType)}, ${ddlOf(type.valueType)}>`;
  return type.simpleString().toUpperCase();
}

// ---- DDL parsing ----------------------------------------------------------------------------------------

/** Thrown for a DDL string Spark would not parse; the session raises its ParseException. */
export class DataTypeParseError extends Error {
  override name = "DataTypeParseError";
  constructor(readonly exception: ParseException) {
    super(exception.message);
  }
}

const TYPE_NAMES: Record<string, DataType> = {
  string: StringType,
  varchar: StringType,
  char: StringType,
  text: StringType,
  boolean: BooleanType,
  bool: BooleanType,
  tinyint: ByteType,
  byte: ByteType,
  smallint: ShortType,
  short: ShortType,
  int: IntegerType,
  integer: IntegerType,
  bigint: LongType,
  long: LongType,
  float: FloatType,
  real: FloatType,
  double: DoubleType,
  date: DateType,
  timestamp: TimestampType,
  timestamp_ltz: TimestampType,
  timestamp_ntz: TimestampNTZType,
  binary: BinaryType,
  void: NullType,
  variant: VariantTypeInstance,
};

class DDLLexer {
  private pos = 0;
  constructor(readonly text: string) {}

  peek(): string | undefined {
    this.skipSpace();
    const rest = this.text.slice(this.pos);
    if (rest === "") return undefined;
    if (rest[0] === "`") return rest.slice(0, rest.indexOf("`", 1) + 1) || rest;
    const literal = /^'(?:[^'\\]|\\.)*'|^"(?:[^"\\]|\\.)*"/.exec(rest);
    if (literal) return literal[0];
    const word = /^[A-Za-z_0-9]+/.exec(rest);
    return word ? word[0] : rest[0];
  }

  next(): string {
    const token = this.peek();
    if (token === undefined) throw this.error();
    this.pos += token.length;
    return token;
  }

  expect(token: string): void {
    if (this.peek()?.toLowerCase() !== token.toLowerCase()) throw this.error();
    this.next();
  }

  accept(token: string): boolean {
    if (this.peek()?.toLowerCase() === token.toLowerCase()) {
      this.next();
      return true;
    }
    return false;
  }

  identifier(): string {
    const token = this.peek();
    if (token === undefined || !(token.startsWith("`") || /^[A-Za-z_0-9]+$/.test(token))) throw this.error();
    this.next();
    return token.startsWith("`") ? token.slice(1, -1).replaceAll("``", "`") : token;
  }

  /** Spark's PARSE_SYNTAX_ERROR at the next token. */
  error(): DataTypeParseError {
    const token = this.peek();
    const near = token === undefined ? "end of input" : `'${token}'`;
    return new DataTypeParseError(parseSyntaxError(near, this.pos, this.text));
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos += 1;
  }
}

function parseType(lexer: DDLLexer): DataType {
  const word = lexer.next();
  const name = word.toLowerCase();
  if (name === "array") {
    lexer.expect("<");
    const element = parseType(lexer);
    lexer.expect(">");
    return new ArrayType(element);
  }
  if (name === "map") {
    lexer.expect("<");
    const key = parseType(lexer);
    lexer.expect(",");
    const value = parseType(lexer);
    lexer.expect(">");
    return new MapType(key, value);
  }
  if (name === "struct") {
    lexer.expect("<");
    const fields: StructField[] = [];
    if (!lexer.accept(">")) {
      do {
        const fieldName = lexer.identifier();
        lexer.accept(":");
        fields.push(parseFieldRest(lexer, fieldName));
      } while (lexer.accept(","));
      lexer.expect(">");
    }
    return new StructType(fields);
  }
  if (name === "decimal" || name === "dec" || name === "numeric") {
    if (lexer.accept("(")) {
      const precision = Number(lexer.next());
      const scale = lexer.accept(",") ? Number(lexer.next()) : 0;
      lexer.expect(")");
      return new DecimalType(precision, scale);
    }
    return new DecimalType();
  }
  if (name === "interval") return parseIntervalTypeRest(lexer);
  if ((name === "varchar" || name === "char") && lexer.accept("(")) {
    lexer.next();
    lexer.expect(")");
  }
  const type = TYPE_NAMES[name];
  if (!type) throw new DataTypeParseError(unsupportedDataType(word));
  // Spark 4: `STRING COLLATE UTF8_LCASE`.
  if (name === "string" && lexer.accept("collate")) return collatedStringType(lexer.identifier());
  return type;
}

/** `INTERVAL DAY TO SECOND`, `INTERVAL YEAR`, ... after the word INTERVAL; a bare INTERVAL is CalendarIntervalType. */
function parseIntervalTypeRest(lexer: DDLLexer): DataType {
  const field = (word: string | undefined) => {
    const w = word?.toLowerCase() ?? "";
    const dt = (DAY_TIME_FIELDS as readonly string[]).indexOf(w);
    const ym = (YEAR_MONTH_FIELDS as readonly string[]).indexOf(w);
    return { dt, ym };
  };
  const start = field(lexer.peek());
  if (start.dt < 0 && start.ym < 0) return CalendarIntervalTypeInstance;
  lexer.next();
  let end = start;
  if (lexer.accept("to")) {
    end = field(lexer.peek());
    lexer.next();
  }
  if (start.dt >= 0 && end.dt >= start.dt) return new DayTimeIntervalType(start.dt, end.dt);
  if (start.ym >= 0 && end.ym >= start.ym) return new YearMonthIntervalType(start.ym, end.ym);
  throw lexer.error();
}

function parseFieldRest(lexer: DDLLexer, name: string): StructField {
  const type = parseType(lexer);
  let nullable = true;
  if (lexer.accept("not")) {
    lexer.expect("null");
    nullable = false;
  }
  if (lexer.accept("comment")) {
    const literal = lexer.next();
    if (!/^['"]/.test(literal)) throw lexer.error();
    const comment = literal.slice(1, -1).replace(/\\(.)/g, "$1");
    return new StructField(name, type, nullable, { comment });
  }
  return new StructField(name, type, nullable);
}

/** Parses a DDL schema ("a STRING, b BIGINT NOT NULL") or a struct type ("struct<a:string>"). */
export function parseSchema(ddl: string): StructType {
  const lexer = new DDLLexer(ddl.trim());
  const first = lexer.peek();
  if (first?.toLowerCase() === "struct") {
    const type = parseType(lexer);
    if (lexer.peek() === undefined) return type as StructType;
    throw lexer.error();
  }
  const fields: StructField[] = [];
  if (lexer.peek() === undefined) return new StructType([]);
  do {
    const name = lexer.identifier();
    lexer.accept(":");
    fields.push(parseFieldRest(lexer, name));
  } while (lexer.accept(","));
  if (lexer.peek() !== undefined) throw lexer.error();
  return new StructType(fields);
}

/** Parses one type name ("bigint", "array<string>", "decimal(10,2)"). */
export function parseDataType(text: string): DataType {
  const lexer = new DDLLexer(text.trim());
  const type = parseType(lexer);
  if (lexer.peek() !== undefined) throw lexer.error();
  return type;
}

// ---- Arrow → Spark ---------------------------------------------------------------------------------------

/** The Spark type of an Arrow type, as DuckDB results and Parquet files carry them. */
export function fromArrowType(type: arrow.DataType): DataType {
  switch (type.typeId) {
    case arrow.Type.Utf8:
    case arrow.Type.LargeUtf8:
      return StringType;
    case arrow.Type.Bool:
      return BooleanType;
    case arrow.Type.Int: {
      const t = type as arrow.Int;
      if (t.bitWidth === 8) return ByteType;
      if (t.bitWidth === 16) return ShortType;
      if (t.bitWidth === 32) return t.isSigned ? IntegerType : LongType;
      return LongType;
    }
    case arrow.Type.Float: {
      const t = type as arrow.Float;
      return t.precision === arrow.Precision.DOUBLE ? DoubleType : FloatType;
    }
    case arrow.Type.Decimal: {
      const t = type as arrow.Decimal;
      return new DecimalType(t.precision, t.scale);
    }
    case arrow.Type.Date:
      return DateType;
    case arrow.Type.Timestamp:
      return TimestampType;
    case arrow.Type.Binary:
    case arrow.Type.LargeBinary:
    case arrow.Type.FixedSizeBinary:
      return BinaryType;
    case arrow.Type.List:
    case arrow.Type.FixedSizeList:
      return new ArrayType(fromArrowType((type as arrow.List).children[0].type));
    case arrow.Type.Struct:
      if (type.children.length === 1 && type.children[0].name === VARIANT_FIELD) return VariantTypeInstance;
      return new StructType(
        (type as arrow.Struct).children.map(
          (f) => new StructField(f.name, fromArrowType(f.type), f.nullable),
        ),
      );
    case arrow.Type.Map: {
      const entries = (type as arrow.Map_).children[0].type as arrow.Struct;
      return new MapType(fromArrowType(entries.children[0].type), fromArrowType(entries.children[1].type));
    }
    case arrow.Type.Interval:
      // DuckDB's INTERVAL; the analyzer puts the Spark interval type it stands for in its place.
      return new DayTimeIntervalType();
    case arrow.Type.Null:
      return NullType;
    case arrow.Type.Dictionary:
      return fromArrowType((type as arrow.Dictionary).dictionary);
    default:
      return StringType;
  }
}

/** Spark's `asNullable`: the type with every field, array element and map value nullable, at any depth. */
export function asNullable<T extends DataType>(type: T): T {
  if (type instanceof StructType)
    return new StructType(
      type.fields.map((f) => new StructField(f.name, asNullable(f.dataType), true, f.metadata)),
    ) as unknown as T;
  if (type instanceof ArrayType) return new ArrayType(asNullable(type.elementType), true) as unknown as T;
  if (type instanceof MapType)
    return new MapType(asNullable(type.keyType), asNullable(type.valueType), true) as unknown as T;
  return type;
}

export function fromArrowSchema(schema: arrow.Schema): StructType {
  return new StructType(schema.fields.map((f) => new StructField(f.name, fromArrowType(f.type), f.nullable)));
}

/** Whether a type is Spark's TIMESTAMP_NTZ (DuckDB's TIMESTAMP, as TIMESTAMP_LTZ is: the analyzer keeps which). */
export function isTimestampNTZ(type: DataType | undefined): boolean {
  return type instanceof AtomicType && type.name === "timestamp_ntz";
}

/**
 * A column's Spark type that DuckDB's result type does not say (a collated string, an interval type, a
 * TIMESTAMP_NTZ, or a struct, array or map holding one), if any.
 */
export function declaredType(type: DataType): DataType | undefined {
  return holdsDeclared(type) ? type : undefined;
}

/** isIntervalType without narrowing (every DataType is structurally a CalendarIntervalType). */
const anyInterval = (type: DataType): boolean => isIntervalType(type);

function holdsDeclared(type: DataType): boolean {
  if (type instanceof CollatedStringType || anyInterval(type) || isTimestampNTZ(type)) return true;
  if (type instanceof StructType) return type.fields.some((f) => holdsDeclared(f.dataType));
  if (type instanceof ArrayType) return holdsDeclared(type.elementType);
  if (type instanceof MapType) return holdsDeclared(type.keyType) || holdsDeclared(type.valueType);
  return false;
}

/** DuckDB's result type of a column with the Spark type declared for it put in its place, where they agree. */
export function withDeclaredType(result: DataType, declared: DataType | undefined): DataType {
  if (declared === undefined) return result;
  if (declared instanceof CollatedStringType)
    return result instanceof AtomicType && result.name === "string" ? declared : result;
  if (anyInterval(declared)) return anyInterval(result) ? declared : result;
  if (isTimestampNTZ(declared))
    return result instanceof AtomicType && result.name === "timestamp" ? declared : result;
  if (declared instanceof StructType && result instanceof StructType) {
    if (declared.fields.length !== result.fields.length) return result;
    return new StructType(
      result.fields.map(
        (f, i) =>
          new StructField(
            f.name,
            withDeclaredType(f.dataType, declared.fields[i].dataType),
            f.nullable,
            f.metadata,
          ),
      ),
    );
  }
  if (declared instanceof ArrayType && result instanceof ArrayType)
    return new ArrayType(withDeclaredType(result.elementType, declared.elementType), result.containsNull);
  if (declared instanceof MapType && result instanceof MapType)
    return new MapType(
      withDeclaredType(result.keyType, declared.keyType),
      withDeclaredType(result.valueType, declared.valueType),
      result.valueContainsNull,
    );
  return result;
}
