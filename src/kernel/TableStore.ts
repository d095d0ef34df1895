import type { DataFrame } from "../engine/index";
import type { ColumnInfo, Row, TablePage } from "./protocol";

interface StoredTable {
  columns: ColumnInfo[];
  rows: Row[];
}

/**
 * Results the kernel keeps so the UI can page through them without the whole table crossing to the UI thread.
 * Only the most recent tables are kept.
 */
export class TableStore {
  private readonly tables = new Map<string, StoredTable>();
  private next = 0;

  constructor(private readonly capacity = 64) {}

  add(columns: ColumnInfo[], rows: Row[]): string {
    this.next += 1;
    const id = `t${this.next}`;
    this.tables.set(id, { columns, rows });
    for (const key of this.tables.keys()) {
      if (this.tables.size <= this.capacity) break;
      this.tables.delete(key);
    }
    return id;
  }

  page(id: string, offset: number, limit: number): TablePage {
    const table = this.tables.get(id);
    if (!table) throw new Error("This table is no longer in the kernel: run the cell again");
    return pageOf(table.columns, table.rows, offset, limit);
  }
}

export function pageOf(columns: ColumnInfo[], rows: Row[], offset: number, limit: number): TablePage {
  const start = Math.max(0, Math.min(offset, rows.length));
  return { columns, rows: rows.slice(start, start + limit), offset: start, totalRows: rows.length };
}

/** A DataFrame's columns with Spark's type names ("bigint", "struct<city:string,state:string>"). */
export function columnsOf(df: DataFrame): ColumnInfo[] {
  return df.schema.fields.map((f) => ({ name: f.name, type: f.dataType.simpleString() }));
}

/**
 * Columns of rows that came without a schema: the union of their keys, typed from the first rows' values as
 * Spark infers a schema: a number column is bigint only where every value is whole (1.5 and 2 make a double).
 */
export function columnsOfRows(rows: Row[]): ColumnInfo[] {
  const seen = new Map<string, string>();
  for (const row of rows.slice(0, 100)) {
    for (const [name, value] of Object.entries(row)) {
      const type = jsType(value);
      const before = seen.get(name);
      if (before === undefined || before === "null" || (before === "bigint" && type === "double"))
        seen.set(name, type);
    }
  }
  return [...seen].map(([name, type]) => ({ name, type }));
}

function jsType(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return "timestamp";
  if (typeof value === "number") return Number.isInteger(value) ? "bigint" : "double";
  if (typeof value === "bigint") return "bigint";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return "string";
  if (Array.isArray(value)) return "array";
  return "struct";
}
