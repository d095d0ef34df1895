import type { OutputItem } from "../../kernel/protocol";
import { revive, toJsonValue } from "./json";
import { type Cell, type CellType, codeCellType, type Notebook, newCellId } from "./notebook";

/** Jupyter's notebook format (nbformat 4.5), as much of it as Sluice reads and writes. */
export interface IpynbNotebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: IpynbCell[];
}

export interface IpynbCell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: IpynbOutput[];
  execution_count?: number | null;
}

export type IpynbOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string | string[] }
  | {
      output_type: "execute_result";
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
      execution_count: number | null;
    }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** Sluice's own outputs (tables, live query panels) ride in this MIME type, with text/plain beside them. */
export const SLUICE_MIME = "application/vnd.sluice.output+json";

const SQL_MAGIC = /^%sql[ \t]*\n?/;
const PYTHON_MAGIC = /^%python[ \t]*\n?/;

export function toIpynb(
  notebook: Notebook,
  options: { outputs: boolean } = { outputs: true },
): IpynbNotebook {
  const codeType = codeCellType(notebook);
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { ...KERNELS[notebook.language ?? "typescript"], sluice: { name: notebook.name } },
    cells: notebook.cells.map((cell) => toIpynbCell(cell, codeType, options.outputs)),
  };
}

/** The kernel a notebook names in its metadata: Sluice's TypeScript, or Python for a PySpark notebook. */
const KERNELS = {
  typescript: {
    kernelspec: { name: "sluice", display_name: "Sluice (TypeScript)", language: "typescript" },
    language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
  },
  python: {
    kernelspec: { name: "python3", display_name: "Python 3 (Sluice)", language: "python" },
    language_info: { name: "python", file_extension: ".py", mimetype: "text/x-python" },
  },
} as const;

/** A code cell not in the notebook's language says its own in its metadata. */
function toIpynbCell(cell: Cell, codeType: CellType, withOutputs: boolean): IpynbCell {
  const source = splitLines(cell.source);
  if (cell.type === "markdown") return { cell_type: "markdown", id: cell.id, source, metadata: {} };
  const language = cell.type === "code" ? "typescript" : cell.type;
  return {
    cell_type: "code",
    id: cell.id,
    source,
    metadata: cell.type !== codeType ? { sluice: { language } } : {},
    outputs: withOutputs ? cell.outputs.map((o) => toIpynbOutput(o, cell.executionCount)) : [],
    execution_count: withOutputs ? cell.executionCount : null,
  };
}

function toIpynbOutput(item: OutputItem, executionCount: number | null): IpynbOutput {
  switch (item.kind) {
    case "stream":
      return { output_type: "stream", name: item.name, text: splitLines(item.text) };
    case "value":
      return {
        output_type: "execute_result",
        data: { "text/plain": item.text },
        metadata: {},
        execution_count: executionCount,
      };
    case "error": {
      const where = item.error.line
        ? [`at cell line ${item.error.line}${item.error.column ? `:${item.error.column}` : ""}`]
        : [];
      return {
        output_type: "error",
        ename: item.error.name,
        evalue: item.error.message,
        traceback: [`${item.error.name}: ${item.error.message}`, ...where],
      };
    }
    case "table":
      return {
        output_type: "display_data",
        data: {
          [SLUICE_MIME]: toJsonValue(item),
          "text/plain": `Table: ${item.page.totalRows} rows × ${item.page.columns.length} columns`,
        },
        metadata: {},
      };
    case "query":
      return {
        output_type: "display_data",
        data: {
          [SLUICE_MIME]: toJsonValue(item),
          "text/plain": `Streaming query ${item.snapshot?.info.name ?? item.queryId}`,
        },
        metadata: {},
      };
  }
}

export function fromIpynb(json: unknown, fallbackName = "Untitled"): Notebook {
  const nb = json as Partial<IpynbNotebook>;
  if (!nb || typeof nb !== "object" || !Array.isArray(nb.cells) || nb.nbformat !== 4) {
    throw new Error("Not a Jupyter notebook (nbformat 4)");
  }
  const seen = new Set<string>();
  // A notebook from Jupyter or Databricks with a Python kernel: its code cells are Python.
  const kernelspec = nb.metadata?.kernelspec as { language?: string } | undefined;
  const languageInfo = nb.metadata?.language_info as { name?: string } | undefined;
  const language = (kernelspec?.language ?? languageInfo?.name) === "python" ? "python" : "typescript";
  const codeType: CellType = language === "python" ? "python" : "code";
  const cells = nb.cells.map((c): Cell => {
    let source = joinLines(c.source);
    let type: CellType = c.cell_type === "code" ? codeType : "markdown";
    const meta = c.metadata?.sluice as { language?: string } | undefined;
    if (type !== "markdown" && (meta?.language === "sql" || SQL_MAGIC.test(source))) {
      type = "sql";
      source = source.replace(SQL_MAGIC, "");
    } else if (type !== "markdown" && (meta?.language === "python" || PYTHON_MAGIC.test(source))) {
      type = "python";
      source = source.replace(PYTHON_MAGIC, "");
    } else if (type !== "markdown" && meta?.language === "typescript") {
      type = "code";
    }
    let id = typeof c.id === "string" && /^[\w-]{1,64}$/.test(c.id) ? c.id : newCellId();
    if (seen.has(id)) id = newCellId();
    seen.add(id);
    return {
      id,
      type,
      source,
      outputs: type === "markdown" ? [] : (c.outputs ?? []).flatMap(fromIpynbOutput),
      executionCount: typeof c.execution_count === "number" ? c.execution_count : null,
    };
  });
  const name = (nb.metadata?.sluice as { name?: string } | undefined)?.name ?? fallbackName;
  return language === "python" ? { name, cells, language } : { name, cells };
}

function fromIpynbOutput(output: IpynbOutput): OutputItem[] {
  switch (output.output_type) {
    case "stream":
      return [
        {
          kind: "stream",
          name: output.name === "stderr" ? "stderr" : "stdout",
          text: joinLines(output.text),
        },
      ];
    case "error": {
      const where = /at cell line (\d+)(?::(\d+))?/.exec(output.traceback?.join("\n") ?? "");
      return [
        {
          kind: "error",
          error: {
            name: output.ename,
            message: output.evalue,
            ...(where ? { line: Number(where[1]), ...(where[2] ? { column: Number(where[2]) } : {}) } : {}),
          },
        },
      ];
    }
    case "execute_result":
    case "display_data": {
      const sluice = output.data?.[SLUICE_MIME];
      if (sluice && typeof sluice === "object") return [revive(sluice) as OutputItem];
      const text = output.data?.["text/plain"];
      return text === undefined ? [] : [{ kind: "value", text: joinLines(text as string | string[]) }];
    }
    default:
      return [];
  }
}

/** nbformat stores multi-line strings as lists of lines, each but the last ending in "\n". */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  return lines
    .map((line, i) => (i < lines.length - 1 ? `${line}\n` : line))
    .filter((line, i) => line !== "" || i < lines.length - 1);
}

export function joinLines(source: string | string[] | undefined): string {
  if (source === undefined) return "";
  return Array.isArray(source) ? source.join("") : source;
}
