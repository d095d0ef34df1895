/** `df.show()`'s table, formatted as Spark's Dataset.showString formats it. */
import type { Row } from "./rows";
import { ArrayType, AtomicType, type DataType, MapType, StructType } from "./types";

function formatValue(value: unknown, type: DataType | undefined): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) {
    if (type instanceof AtomicType && type.name === "date") return value.toISOString().slice(0, 10);
    // Spark prints timestamps without a trailing ".000".
    return value
      .toISOString()
      .replace("T", " ")
      .replace("Z", "")
      .replace(/\.000$/, "");
  }
  if (
    typeof value === "number" &&
    type instanceof AtomicType &&
    (type.name === "double" || type.name === "float")
  ) {
    if (Number.isInteger(value)) return `${value}.0`;
    if (Number.isNaN(value)) return "NaN";
    return String(value);
  }
  if (Array.isArray(value)) {
    const element = type instanceof ArrayType ? type.elementType : undefined;
    return `[${value.map((v) => formatValue(v, element)).join(", ")}]`;
  }
  if (value instanceof Uint8Array)
    return `[${Array.from(value, (b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ")}]`;
  if (typeof value === "object") {
    if (type instanceof MapType) {
      return `{${Object.entries(value)
        .map(([k, v]) => `${k} -> ${formatValue(v, type.valueType)}`)
        .join(", ")}}`;
    }
    const fields = type instanceof StructType ? type.fields : [];
    return `{${Object.values(value)
      .map((v, i) => formatValue(v, fields[i]?.dataType))
      .join(", ")}}`;
  }
  return String(value);
}

export function showString(
  rows: readonly Row[],
  schema: StructType,
  numRows: number,
  truncate: boolean | number,
  vertical = false,
): string {
  const limit = typeof truncate === "number" ? truncate : truncate ? 20 : 0;
  const shown = rows.slice(0, numRows);
  const cut = (s: string) =>
    limit > 0 && s.length > limit ? (limit < 4 ? s.slice(0, limit) : `${s.slice(0, limit - 3)}...`) : s;
  const header = schema.fieldNames.map(cut);
  const cells = shown.map((row) => schema.fields.map((f) => cut(formatValue(row[f.name], f.dataType))));
  const more = rows.length > numRows ? `only showing top ${numRows} row${numRows === 1 ? "" : "s"}\n` : "";
  if (vertical) {
    const width = Math.max(0, ...header.map((h) => h.length));
    const out = cells.map((row, i) => {
      const lines = row.map((c, j) => ` ${header[j].padEnd(width)} | ${c} `);
      return `-RECORD ${i}${"-".repeat(Math.max(0, width + 2))}\n${lines.join("\n")}\n`;
    });
    return `${out.join("") || "(0 rows)\n"}${more}`;
  }
  const widths = header.map((h, j) => Math.max(3, h.length, ...cells.map((r) => r[j].length)));
  const pad = (s: string, w: number) => (limit > 0 ? s.padStart(w) : s.padEnd(w));
  const line = `+${widths.map((w) => "-".repeat(w)).join("+")}+\n`;
  const render = (r: string[]) => `|${r.map((c, j) => pad(c, widths[j])).join("|")}|\n`;
  return `${line}${render(header)}${line}${cells.map(render).join("")}${line}${more}`;
}
