import { useEffect, useState } from "react";
import type { TablePage } from "../../kernel/protocol";
import { PAGE_SIZE } from "../../kernel/protocol";
import { formatValue, isNumericType } from "./format";

interface Props {
  page: TablePage;
  /** Rows new or changed in the latest trigger (result tables). */
  changed?: boolean[];
  /** Fetches another page from the kernel; without it the table shows one page. */
  fetchPage?: (offset: number) => Promise<TablePage | undefined>;
  label: string;
}

/** A page of rows with paging through the kernel, so big results never cross to the UI thread whole. */
export function DataTable({ page: initial, changed: initialChanged, fetchPage, label }: Props) {
  const [page, setPage] = useState(initial);
  const [changed, setChanged] = useState(initialChanged);
  const [error, setError] = useState<string>();

  // A live table: every new page from the kernel replaces the shown one when it shows the first page.
  useEffect(() => {
    setPage((current) => (current.offset === 0 || initial.offset !== 0 ? initial : current));
    setChanged(initialChanged);
  }, [initial, initialChanged]);

  const go = async (offset: number) => {
    if (!fetchPage) return;
    try {
      const next = await fetchPage(offset);
      if (next) {
        setPage(next);
        setChanged((next as { changed?: boolean[] }).changed);
      }
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const last = page.offset + page.rows.length;
  return (
    <section className="data-table" aria-label={label}>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              {page.columns.map((c) => (
                <th key={c.name} title={c.type} className={isNumericType(c.type) ? "num" : undefined}>
                  {c.name}
                  <span className="col-type">{c.type}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row, i) => (
              // Rows have no identity of their own: their position in the table is it.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <tr key={page.offset + i} className={changed?.[i] ? "changed" : undefined}>
                {page.columns.map((c) => (
                  <td key={c.name} className={isNumericType(c.type) ? "num" : undefined}>
                    {formatValue(row[c.name])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-footer">
        <span className="row-count">
          {page.totalRows === 0
            ? "0 rows"
            : `${page.offset + 1}–${last} of ${page.totalRows} row${page.totalRows === 1 ? "" : "s"}`}
        </span>
        {fetchPage && page.totalRows > PAGE_SIZE && (
          <span className="pager">
            <button
              type="button"
              disabled={page.offset === 0}
              onClick={() => go(Math.max(0, page.offset - PAGE_SIZE))}
            >
              ‹ Prev
            </button>
            <button
              type="button"
              disabled={last >= page.totalRows}
              onClick={() => go(page.offset + PAGE_SIZE)}
            >
              Next ›
            </button>
          </span>
        )}
        {error && <span className="error-text">{error}</span>}
      </div>
    </section>
  );
}
