/**
 * issue 11: Spark's StaxXmlParser over a DOM (@xmldom/xmldom): one XML record (its root element is the row)
 * converted to the values of a schema, as from_xml and the XML data source read it.
 *
 * An element is a field by its name; its attributes are fields named attributePrefix + name (unless
 * excludeAttribute); its text beside child elements is the valueTag field; a repeated element fills an array
 * field; a struct field of an element with attributes and text takes both. A value is trimmed
 * (ignoreSurroundingSpaces), `nullValue` reads as null, an empty element is null (an empty string for a
 * string field). A value that does not convert makes the record bad but keeps the other fields (Spark's partial
 * result); XML that does not parse makes it bad with no fields.
 */
import { DOMParser } from "@xmldom/xmldom";
import {
  ArrayType,
  AtomicType,
  type DataType,
  DecimalType,
  MapType,
  type StructField,
  StructType,
} from "../types";
import type { XmlOptions } from "./XmlOptions";
import { parseDate, parseTimestamp } from "./xmlDatetime";

/** The DOM nodes the parser reads (xmldom's, without its typings' detail). */
export interface XNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly localName?: string | null;
  readonly nodeValue: string | null;
  readonly childNodes: ArrayLike<XNode>;
  readonly attributes?: ArrayLike<{
    readonly name: string;
    readonly localName?: string | null;
    readonly value: string;
  }>;
  readonly documentElement?: XNode | null;
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

/** XML that does not parse (Spark's XMLStreamException). */
export class MalformedXmlError extends Error {
  override name = "XMLStreamException";
}

/** A value that does not convert, with the record's other fields (Spark's PartialResultException). */
export class PartialResultError extends Error {
  override name = "PartialResultException";
  constructor(
    readonly row: Record<string, unknown>,
    override readonly cause: unknown,
  ) {
    super((cause as Error)?.message ?? String(cause));
  }
}

/** The root element of `xml`, or MalformedXmlError. */
export function parseXmlRecord(xml: string): XNode {
  let problem: string | undefined;
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") {
        problem ??= message;
        throw new MalformedXmlError(message);
      }
    },
  });
  let doc: XNode;
  try {
    doc = parser.parseFromString(xml, "text/xml") as unknown as XNode;
  } catch (error) {
    throw new MalformedXmlError(problem ?? (error as Error).message);
  }
  if (problem !== undefined) throw new MalformedXmlError(problem);
  const root = doc.documentElement;
  if (!root) throw new MalformedXmlError("Premature end of file.");
  return root;
}

/** An element's content as StAX reports it: child elements and runs of text (comments and PIs dropped). */
export type Content = { readonly element: XNode } | { readonly text: string };

export function contentOf(el: XNode): Content[] {
  const out: Content[] = [];
  let text: string | undefined;
  for (let i = 0; i < el.childNodes.length; i++) {
    const n = el.childNodes[i];
    if (n.nodeType === TEXT || n.nodeType === CDATA) text = (text ?? "") + (n.nodeValue ?? "");
    else if (n.nodeType === ELEMENT) {
      if (text !== undefined) out.push({ text });
      text = undefined;
      out.push({ element: n });
    }
  }
  if (text !== undefined) out.push({ text });
  return out;
}

const isWhitespace = (s: string) => s.trim().length === 0;

/** An element's name as the options read it (the prefix dropped with ignoreNamespace). */
export function nameOf(n: { nodeName: string; localName?: string | null }, options: XmlOptions): string {
  return options.ignoreNamespace ? (n.localName ?? n.nodeName.replace(/^.*:/, "")) : n.nodeName;
}

/** The element's attributes as fields (attributePrefix + name → text), namespace declarations left out. */
export function attributesOf(el: XNode, options: XmlOptions): [string, string][] {
  if (options.excludeAttribute || !el.attributes) return [];
  const out: [string, string][] = [];
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes[i];
    if (a.name === "xmlns" || a.name.startsWith("xmlns:")) continue;
    out.push([
      options.attributePrefix + nameOf({ nodeName: a.name, localName: a.localName }, options),
      a.value,
    ]);
  }
  return out;
}

function escapeText(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** StaxXmlParserUtils.currentStructureAsString: an element's content as text, child elements as XML. */
export function structureAsString(el: XNode): string {
  let out = "";
  for (let i = 0; i < el.childNodes.length; i++) {
    const n = el.childNodes[i];
    if (n.nodeType === TEXT || n.nodeType === CDATA) out += n.nodeValue ?? "";
    else if (n.nodeType === ELEMENT) {
      out += `<${n.nodeName}`;
      const attrs = n.attributes ?? [];
      for (let j = 0; j < attrs.length; j++)
        out += ` ${attrs[j].name}="${escapeText(attrs[j].value).replaceAll('"', "&quot;")}"`;
      out += `>${structureAsString(n)}</${n.nodeName}>`;
    }
  }
  return out;
}

class ConversionError extends Error {
  override name = "NumberFormatException";
}

const INTEGRAL_BITS: Record<string, bigint> = { byte: 7n, short: 15n, integer: 31n, long: 63n };

/** Java's Integer.parseInt and friends: a decimal integer with an optional sign, within the type's range. */
function parseIntegral(s: string, name: string): number | bigint {
  if (!/^[+-]?\d+$/.test(s)) throw new ConversionError(`For input string: "${s}"`);
  const n = BigInt(s);
  const bound = 1n << INTEGRAL_BITS[name];
  if (n < -bound || n >= bound) throw new ConversionError(`For input string: "${s}"`);
  return name === "long" ? n : Number(n);
}

/** Java's Double.parseDouble (a trailing d/f allowed, NaN and Infinity spelled out). */
function parseJavaDouble(s: string): number {
  const t = s.trim();
  if (/^[+-]?(NaN|Infinity)$/.test(t)) return Number(t);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(t))
    throw new ConversionError(`For input string: "${s}"`);
  return Number(t.replace(/[dDfF]$/, ""));
}

/** Converts one record's values; `timeZone` is the session's. */
export class StaxXmlParser {
  constructor(
    private readonly schema: StructType,
    private readonly options: XmlOptions,
  ) {}

  /** The row of one record (its root element), or MalformedXmlError / PartialResultError. */
  parse(xml: string): Record<string, unknown> {
    const root = parseXmlRecord(xml);
    return this.convertObject(root, this.schema);
  }

  /** The row of a root element already parsed. */
  convertRoot(root: XNode): Record<string, unknown> {
    return this.convertObject(root, this.schema);
  }

  private fieldOf(schema: StructType, name: string): StructField | undefined {
    const exact = schema.fields.find((f) => f.name === name);
    if (exact || this.options.caseSensitive) return exact;
    return schema.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
  }

  /** castTo / convertTo: text as a value of `type`. */
  convertTo(datum: string | null, type: DataType): unknown {
    const value = datum !== null && this.options.ignoreSurroundingSpaces ? datum.trim() : datum;
    if (value === null || value === this.options.nullValue) return null;
    if (type instanceof DecimalType) {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) throw new ConversionError(value);
      return Number(value);
    }
    const name = type instanceof AtomicType ? type.name : "";
    switch (name) {
      case "null":
      case "string":
        return value;
      case "byte":
      case "short":
      case "integer":
      case "long":
        return parseIntegral(value, name);
      case "float":
        return Math.fround(parseJavaDouble(value));
      case "double":
        return parseJavaDouble(value);
      case "boolean": {
        const l = value.toLowerCase();
        if (l === "true" || l === "1") return true;
        if (l === "false" || l === "0") return false;
        throw new ConversionError(`For input string: "${value}"`);
      }
      case "date": {
        const days = parseDate(value, this.options.dateFormat);
        if (days === undefined) throw new ConversionError(`Text '${value}' could not be parsed`);
        return new Date(days * 86_400_000);
      }
      case "timestamp":
      case "timestamp_ntz": {
        const zone = name === "timestamp_ntz" ? "UTC" : this.options.timeZone;
        const pattern =
          name === "timestamp_ntz"
            ? (this.options.timestampNTZFormat ?? this.options.timestampFormat)
            : this.options.timestampFormat;
        const micros = parseTimestamp(value, pattern, zone);
        if (micros === undefined) throw new ConversionError(`Text '${value}' could not be parsed`);
        return new Date(Math.floor(micros / 1000));
      }
      default:
        throw new ConversionError(`Unsupported type: ${type.simpleString()}`);
    }
  }

  /** convertField: an element's value as `type`. */
  private convertField(el: XNode, type: DataType, content = contentOf(el)): unknown {
    const isString = type instanceof AtomicType && type.name === "string";
    if (content.length === 0) return isString ? (this.options.nullValue === "" ? null : "") : null;
    const first = content[0];
    if ("element" in first) {
      if (type instanceof StructType) return this.convertObject(el, type);
      if (type instanceof MapType) return this.convertMap(el, type.valueType);
      if (type instanceof ArrayType) return this.convertField(el, type.elementType, content);
      if (isString) return this.convertTo(structureAsString(el), type);
      throw new ConversionError(`Failed to parse a value for data type ${type.simpleString()}`);
    }
    if (type instanceof StructType) return this.convertObject(el, type);
    if (isString) return this.convertTo(structureAsString(el), type);
    if (type instanceof MapType) return this.convertMap(el, type.valueType);
    if (isWhitespace(first.text)) return this.convertField(el, type, content.slice(1));
    return this.convertTo(first.text, type instanceof ArrayType ? type.elementType : type);
  }

  private convertMap(el: XNode, valueType: DataType): Map<string, unknown> {
    const out = new Map<string, unknown>();
    for (const [k, v] of attributesOf(el, this.options)) out.set(k, this.convertTo(v, valueType));
    for (const c of contentOf(el)) {
      if ("element" in c) out.set(nameOf(c.element, this.options), this.convertField(c.element, valueType));
      else if (!isWhitespace(c.text)) out.set(this.options.valueTag, this.convertTo(c.text, valueType));
    }
    return out;
  }

  /** convertObject (with convertObjectWithAttributes): an element as a row of `schema`. */
  convertObject(el: XNode, schema: StructType): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (const f of schema.fields) row[f.name] = null;
    const arrays = new Map<string, unknown[]>();
    let bad: unknown;
    for (const [name, text] of attributesOf(el, this.options)) {
      const f = this.fieldOf(schema, name);
      if (!f) continue;
      try {
        row[f.name] = this.convertTo(text, f.dataType);
      } catch (error) {
        bad ??= error;
      }
    }
    const wildcard = schema.fields.find((f) => f.name === this.options.wildcardColName);
    for (const c of contentOf(el)) {
      if ("text" in c) {
        if (isWhitespace(c.text)) continue;
        const f = this.fieldOf(schema, this.options.valueTag);
        if (!f) continue;
        try {
          if (f.dataType instanceof ArrayType) {
            const list = arrays.get(f.name) ?? [];
            list.push(this.convertTo(c.text, f.dataType.elementType));
            arrays.set(f.name, list);
          } else row[f.name] = this.convertTo(c.text, f.dataType);
        } catch (error) {
          bad ??= error;
        }
        continue;
      }
      const child = c.element;
      const name = nameOf(child, this.options);
      const f = this.fieldOf(schema, name);
      try {
        if (!f) {
          if (wildcard) {
            const v = this.convertField(child, new AtomicType("string"));
            if (wildcard.dataType instanceof ArrayType) {
              const list = arrays.get(wildcard.name) ?? [];
              list.push(v);
              arrays.set(wildcard.name, list);
            } else row[wildcard.name] = v;
          }
          continue;
        }
        const type = f.dataType;
        if (type instanceof ArrayType) {
          const value =
            type.elementType instanceof StructType
              ? this.convertObject(child, type.elementType)
              : this.convertField(child, type.elementType);
          arrays.set(f.name, [...(arrays.get(f.name) ?? []), value]);
        } else row[f.name] = this.convertField(child, type);
      } catch (error) {
        // A nested record's partial result is dropped, as Spark drops it: the field stays null.
        bad ??= error instanceof PartialResultError ? error.cause : error;
      }
    }
    for (const [name, list] of arrays) row[name] = list;
    if (bad !== undefined) throw new PartialResultError(row, bad);
    return row;
  }
}
