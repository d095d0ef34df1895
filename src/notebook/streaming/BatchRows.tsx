import { memo } from "react";
import type { Row } from "../../kernel/protocol";

/** Rows a batch view draws at most; the rest are counted. */
export const ROWS_SHOWN = 200;

/** How a row of a batch stands against the batch before: said in words as well as in colour. */
export type RowMark = "new" | "added" | "updated" | "removed" | "late, dropped" | "late, kept";

interface Props {
  label: string;
  rows: readonly Row[];
  /** Per row, how it changed in the batch; rows without one are drawn plain. */
  marks?: readonly (RowMark | undefined)[];
  /** How many rows there were, where the list keeps only some. */
  total?: number;
  empty: string;
  /** How a value is shown: as Spark's show() in the session time zone (see zonedValue). */
  format: (value: unknown) => string;
}

/**
 * A batch's rows as a table (the columns as the rows have them), with what changed marked by a class and a
 * word in its own column, so the change is not told by colour alone.
 */
export const BatchRows = memo(function BatchRows({ label, rows, marks, total, empty, format }: Props) {
  if (rows.length === 0) return <div className="empty">{empty}</div>;
  const columns = columnsOf(rows);
  const shown = rows.slice(0, ROWS_SHOWN);
  const count = total ?? rows.length;
  return (
    <section className="data-table batch-rows" aria-label={label}>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              {marks && <th className="mark">change</th>}
              {columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, i) => {
              const mark = marks?.[i];
              return (
                // Rows have no identity of their own: their position in the batch is it.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <tr key={i} className={mark ? `mark-${mark.replace(/\W+/g, "-")}` : undefined}>
                  {marks && <td className="mark">{mark ?? ""}</td>}
                  {columns.map((c) => (
                    <td key={c}>{format(row[c])}</td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="table-footer">
        <span className="row-count">
          {shown.length < count
            ? `the first ${shown.length} of ${count} rows`
            : `${count} row${count === 1 ? "" : "s"}`}
        </span>
      </div>
    </section>
  );
});

/** Every column any of the first rows has, in the order they first appear. */
function columnsOf(rows: readonly Row[]): string[] {
  const columns = new Set<string>();
  for (const row of rows.slice(0, ROWS_SHOWN)) for (const c of Object.keys(row)) columns.add(c);
  return [...columns];
}

/** A row's identity, to match rows of two batches. */
export function rowIdentity(row: Row): string {
  return JSON.stringify(row, (_key, value) =>
    typeof value === "bigint" ? `${value}n` : value instanceof Date ? value.toISOString() : value,
  );
}

/**
 * A state row (`{ key, value }`, as the state reader shows it) as flat columns: the key's fields, then the
 * value's (prefixed where a name is taken), then a join's side.
 */
export function flatStateRow(row: Row): Row {
  const flat: Row = {};
  const spread = (part: unknown, prefix: string) => {
    if (part !== null && typeof part === "object" && !(part instanceof Date) && !Array.isArray(part)) {
      for (const [name, value] of Object.entries(part as Row))
        flat[name in flat ? `${prefix}.${name}` : name] = value;
    } else if (part !== undefined) {
      flat[prefix] = part;
    }
  };
  spread(row.key, "key");
  spread(row.value, "value");
  if (row.joinSide !== undefined) flat.joinSide = row.joinSide;
  return flat;
}
