/**
 * issue 11: Spark's StaxXmlGenerator through an IndentingXMLStreamWriter (four spaces a level): a row as one
 * `rowTag` element, fields named attributePrefix + name as its attributes, the valueTag field as its text, an
 * array as the element repeated (an array inside an array as `arrayElementName` elements), a map's entries as
 * elements named by their keys. A null field is left out unless `nullValue` is set. Dates and timestamps use
 * `dateFormat` (yyyy-MM-dd) and `timestampFormat` (yyyy-MM-dd'T'HH:mm:ss.SSSXXX) in the session's time zone.
 */
import { formatDouble, formatFloat } from "../api/showString";
import { ArrayType, AtomicType, type DataType, DecimalType, MapType, StructType } from "../types";
import type { XmlOptions } from "./XmlOptions";
import { DEFAULT_TIMESTAMP_WRITE_FORMAT, formatDate, formatTimestamp } from "./xmlDatetime";

function escapeText(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function escapeAttribute(s: string): string {
  return escapeText(s).replaceAll('"', "&quot;");
}

const SEEN_NOTHING = 0;
const SEEN_ELEMENT = 1;
const SEEN_DATA = 2;

/** txw2's IndentingXMLStreamWriter: each start tag on its own line, text kept beside its tags. */
class IndentingWriter {
  out = "";
  private depth: number;
  private state = SEEN_NOTHING;
  private readonly stack: number[] = [];
  private readonly names: string[] = [];
  private open = false;

  constructor(baseDepth = 0) {
    this.depth = baseDepth;
  }

  private closeStart(): void {
    if (this.open) this.out += ">";
    this.open = false;
  }

  start(name: string): void {
    this.closeStart();
    this.stack.push(SEEN_ELEMENT);
    this.state = SEEN_NOTHING;
    if (this.depth > 0 || this.out.length > 0) this.out += "\n";
    this.out += "    ".repeat(this.depth);
    this.depth++;
    this.out += `<${name}`;
    this.names.push(name);
    this.open = true;
  }

  attribute(name: string, value: string): void {
    this.out += ` ${name}="${escapeAttribute(value)}"`;
  }

  characters(text: string): void {
    this.closeStart();
    this.state = SEEN_DATA;
    this.out += escapeText(text);
  }

  end(): void {
    this.closeStart();
    this.depth--;
    if (this.state === SEEN_ELEMENT) this.out += `\n${"    ".repeat(this.depth)}`;
    this.state = this.stack.pop() ?? SEEN_NOTHING;
    this.out += `</${this.names.pop()}>`;
  }
}

type Entries = readonly (readonly [string, DataType, unknown])[];

function fieldEntries(type: StructType, value: unknown): Entries {
  const source = (value ?? {}) as Record<string, unknown>;
  return type.fields.map((f, i) => [
    f.name,
    f.dataType,
    Array.isArray(value) ? value[i] : (source[f.name] ?? null),
  ]);
}

/** Writes rows of one schema as XML elements. */
export class StaxXmlGenerator {
  constructor(
    private readonly schema: StructType,
    private readonly options: XmlOptions,
  ) {}

  private isAttribute(name: string): boolean {
    return name.startsWith(this.options.attributePrefix) && name !== this.options.valueTag;
  }

  private text(type: DataType, v: unknown): string {
    if (type instanceof DecimalType) return String(v);
    const name = type instanceof AtomicType ? type.name : "";
    switch (name) {
      case "double":
        return formatDouble(Number(v));
      case "float":
        return formatFloat(Number(v));
      case "timestamp":
        return formatTimestamp(
          v as Date,
          this.options.timestampFormat ?? DEFAULT_TIMESTAMP_WRITE_FORMAT,
          this.options.timeZone,
        );
      case "timestamp_ntz":
        return formatTimestamp(
          v as Date,
          this.options.timestampNTZFormat ?? "yyyy-MM-dd'T'HH:mm:ss.SSS",
          "UTC",
        );
      case "date":
        return formatDate(v as Date, this.options.dateFormat ?? "yyyy-MM-dd");
      default:
        return v instanceof Date ? v.toISOString() : String(v);
    }
  }

  private writeElement(w: IndentingWriter, type: DataType, v: unknown): void {
    if (v === null || v === undefined) {
      if (this.options.nullValue !== null) w.characters(this.options.nullValue);
      return;
    }
    if (type instanceof StructType) {
      const entries = fieldEntries(type, v);
      for (const e of entries) if (this.isAttribute(e[0])) this.writeChild(w, ...e);
      for (const e of entries) if (!this.isAttribute(e[0])) this.writeChild(w, ...e);
      return;
    }
    if (type instanceof MapType) {
      const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as object);
      for (const [k, value] of entries) this.writeChild(w, String(k), type.valueType, value);
      return;
    }
    if (type instanceof ArrayType) {
      for (const e of v as unknown[]) this.writeChild(w, this.options.arrayElementName, type.elementType, e);
      return;
    }
    w.characters(this.text(type, v));
  }

  private writeChildElement(w: IndentingWriter, name: string, type: DataType, v: unknown): void {
    if ((v === null || v === undefined) && this.options.nullValue === null) return;
    if (name === this.options.valueTag) {
      this.writeElement(w, type, v);
      return;
    }
    w.start(name);
    this.writeElement(w, type, v);
    w.end();
  }

  private writeChild(w: IndentingWriter, name: string, type: DataType, v: unknown): void {
    if (this.isAttribute(name)) {
      if (v === null || v === undefined) return;
      w.attribute(name.slice(this.options.attributePrefix.length), this.text(type, v));
      return;
    }
    if (type instanceof ArrayType && Array.isArray(v)) {
      for (const e of v) this.writeChildElement(w, name, type.elementType, e);
      return;
    }
    this.writeChildElement(w, name, type, v);
  }

  /** One row as its `rowTag` element, at indentation `depth`. */
  write(row: unknown, depth = 0): string {
    const w = new IndentingWriter(depth);
    w.start(this.options.rowTag);
    this.writeElement(w, this.schema, row);
    w.end();
    return w.out;
  }
}
