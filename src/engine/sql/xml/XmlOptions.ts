/**
 * issue 11: Spark's XmlOptions: the options from_xml, to_xml, schema_of_xml and the XML data source take, keys
 * case-insensitive, with Spark 4's defaults (attributePrefix `_`, valueTag `_VALUE`, ignoreSurroundingSpaces
 * true, rootTag ROWS and rowTag ROW for writing).
 */

export type ParseMode = "PERMISSIVE" | "DROPMALFORMED" | "FAILFAST";

export interface XmlOptions {
  readonly rowTag: string;
  readonly rootTag: string;
  readonly attributePrefix: string;
  readonly valueTag: string;
  readonly excludeAttribute: boolean;
  readonly nullValue: string | null;
  readonly ignoreSurroundingSpaces: boolean;
  readonly ignoreNamespace: boolean;
  readonly inferSchema: boolean;
  readonly prefersDecimal: boolean;
  readonly samplingRatio: number;
  readonly mode: ParseMode;
  readonly columnNameOfCorruptRecord: string;
  readonly dateFormat?: string;
  readonly timestampFormat?: string;
  readonly timestampNTZFormat?: string;
  readonly wildcardColName: string;
  readonly arrayElementName: string;
  readonly declaration: string;
  readonly timeZone: string;
  readonly caseSensitive: boolean;
}

/** The session's settings the options fall back to. */
export interface XmlDefaults {
  readonly timeZone?: string;
  readonly columnNameOfCorruptRecord?: string;
  readonly caseSensitive?: boolean;
}

/** Spark's XmlOptions over `parameters` (keys case-insensitive). */
export function xmlOptions(
  parameters: Readonly<Record<string, string>>,
  defaults: XmlDefaults = {},
): XmlOptions {
  const lower = new Map<string, string>();
  for (const [k, v] of Object.entries(parameters)) lower.set(k.toLowerCase(), v);
  const get = (k: string) => lower.get(k.toLowerCase());
  const bool = (k: string, d: boolean) => {
    const v = get(k);
    return v === undefined ? d : v.trim().toLowerCase() === "true";
  };
  const modeText = (get("mode") ?? "PERMISSIVE").toUpperCase();
  const mode: ParseMode = modeText === "DROPMALFORMED" || modeText === "FAILFAST" ? modeText : "PERMISSIVE";
  return {
    rowTag: get("rowTag") ?? "ROW",
    rootTag: get("rootTag") ?? "ROWS",
    attributePrefix: get("attributePrefix") ?? "_",
    valueTag: get("valueTag") ?? "_VALUE",
    excludeAttribute: bool("excludeAttribute", false),
    nullValue: get("nullValue") ?? null,
    ignoreSurroundingSpaces: bool("ignoreSurroundingSpaces", true),
    ignoreNamespace: bool("ignoreNamespace", false),
    inferSchema: bool("inferSchema", true),
    prefersDecimal: bool("prefersDecimal", false),
    samplingRatio: Number(get("samplingRatio") ?? 1),
    mode,
    columnNameOfCorruptRecord:
      get("columnNameOfCorruptRecord") ?? defaults.columnNameOfCorruptRecord ?? "_corrupt_record",
    dateFormat: get("dateFormat"),
    timestampFormat: get("timestampFormat"),
    timestampNTZFormat: get("timestampNTZFormat"),
    wildcardColName: get("wildcardColName") ?? "xs_any",
    arrayElementName: get("arrayElementName") ?? "item",
    declaration: get("declaration") ?? 'version="1.0" encoding="UTF-8" standalone="yes"',
    timeZone: get("timeZone") ?? defaults.timeZone ?? "UTC",
    caseSensitive: defaults.caseSensitive ?? false,
  };
}
