import { memo, useRef, useState } from "react";
import type { ColumnInfo, Row, TablePage } from "../../kernel/protocol";
import { PAGE_SIZE } from "../../kernel/protocol";
import { Icon } from "../ui/icons";
import { formatValue, isNumericType } from "./format";

interface Props {
  page: TablePage;
  /** Rows new or changed in the latest trigger (result tables). */
  changed?: boolean[];
  /** Fetches another page from the kernel; without it the table shows one page. */
  fetchPage?: (offset: number) => Promise<TablePage | undefined>;
  label: string;
  /** How a value is shown; Spark's show() in UTC unless given (a query panel shows the session time zone). */
  format?: (value: unknown) => string;
}

/**
 * A page of rows with paging through the kernel, so big results never cross to the UI thread whole. A live
 * table follows the kernel's newest first page; a page the user turned to stays until they turn back. At most
 * a page of rows is drawn, and a row whose values did not change is not drawn again.
 */
export const DataTable = memo(function DataTable({
  page: latest,
  changed,
  fetchPage,
  label,
  format = formatValue,
}: Props) {
  const [turned, setTurned] = useState<{ page: TablePage; changed?: boolean[] }>();
  const [error, setError] = useState<string>();
  const page = turned?.page ?? latest;
  const marks = turned ? turned.changed : changed;
  const columns = useSameColumns(page.columns);

  const go = async (offset: number) => {
    if (!fetchPage) return;
    try {
      const next = await fetchPage(offset);
      if (next) {
        // Back on the first page, the table follows the kernel again.
        setTurned(
          next.offset === 0 ? undefined : { page: next, changed: (next as { changed?: boolean[] }).changed },
        );
      }
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const rows = page.rows.length > PAGE_SIZE ? page.rows.slice(0, PAGE_SIZE) : page.rows;
  const last = page.offset + rows.length;
  return (
    <section className="data-table" aria-label={label}>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.name} title={c.type} className={isNumericType(c.type) ? "num" : undefined}>
                  {c.name}
                  <span className="col-type">{c.type}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <TableRow
                // Rows have no identity of their own: their position in the table is it.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                key={page.offset + i}
                row={row}
                columns={columns}
                changed={marks?.[i] === true}
                format={format}
              />
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-footer">
        <span className="row-count">
          {page.totalRows === 0
            ? "0 rows"
            : `${page.offset + 1}–${last} of ${page.totalRows} row${page.totalRows === 1 ? "" : "s"}`}
          {page.batchRows !== undefined &&
            ` · the first ${page.totalRows} of the batch's ${page.batchRows}, kept after the query stopped`}
        </span>
        {fetchPage && page.totalRows > PAGE_SIZE && (
          <span className="pager">
            <button
              type="button"
              disabled={page.offset === 0}
              onClick={() => go(Math.max(0, page.offset - PAGE_SIZE))}
            >
              <Icon name="prev" /> Prev
            </button>
            <button
              type="button"
              disabled={last >= page.totalRows}
              onClick={() => go(page.offset + PAGE_SIZE)}
            >
              Next <Icon name="next" />
            </button>
          </span>
        )}
        {error && <span className="error-text">{error}</span>}
      </div>
    </section>
  );
});

interface RowProps {
  row: Row;
  columns: readonly ColumnInfo[];
  changed: boolean;
  format: (value: unknown) => string;
}

const TableRow = memo(
  function TableRow({ row, columns, changed, format }: RowProps) {
    return (
      <tr className={changed ? "changed" : undefined}>
        {columns.map((c) => (
          <td key={c.name} className={isNumericType(c.type) ? "num" : undefined}>
            {format(row[c.name])}
          </td>
        ))}
      </tr>
    );
  },
  (a, b) =>
    a.changed === b.changed &&
    a.columns === b.columns &&
    a.format === b.format &&
    sameValues(a.row, b.row, b.columns),
);

/** Every page from the kernel brings its own column list: keep the one drawn while it says the same. */
function useSameColumns(columns: ColumnInfo[]): ColumnInfo[] {
  const kept = useRef(columns);
  const same =
    kept.current.length === columns.length &&
    kept.current.every((c, i) => c.name === columns[i].name && c.type === columns[i].type);
  if (!same) kept.current = columns;
  return kept.current;
}

/** Cell by cell; nested values count as changed unless they are the same object. */
function sameValues(a: Row, b: Row, columns: readonly ColumnInfo[]): boolean {
  if (a === b) return true;
  return columns.every((c) => {
    const x = a[c.name];
    const y = b[c.name];
    return Object.is(x, y) || (x instanceof Date && y instanceof Date && x.getTime() === y.getTime());
  });
}
