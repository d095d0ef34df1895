/**
 * A Sluice notebook as a PySpark notebook for a Spark cluster: Python cells as they are, TypeScript cells
 * translated (DataFrames from their logical plans), SQL cells through spark.sql, Sluice's paths as parameters at
 * the top, and the cells that only make sense in Sluice (its teaching data) left out, marked.
 */
import { isSluicePath, PathParameters } from "./PathParameters";
import type { ExportScope } from "./planToPySpark";
import { comment, pyString } from "./python";
import { type CellValues, translateTypeScriptCell, UNTRANSLATED_MARK } from "./typeScriptCell";

/** A cell's source, as the notebook holds it ("code" cells are TypeScript). */
export interface SourceCell {
  id: string;
  type: "code" | "python" | "sql" | "markdown";
  source: string;
}

/** A cell of a notebook exported for Spark. */
export interface SparkCell {
  id: string;
  type: "python" | "markdown";
  source: string;
  /** Why parts of the cell were not translated (left as comments, marked), for the user to see before saving. */
  untranslated?: string[];
}

/** Imports that exist only in Sluice's Python (its helpers, Pyodide's bridge to JavaScript). */
const SLUICE_IMPORT =
  /^[ \t]*(?:from[ \t]+(?:sluice|js|pyodide|micropip)(?:\.\w+)*[ \t]+import\b|import[ \t]+(?:sluice|js|pyodide|micropip)\b)/m;

export const SLUICE_ONLY_MARK = "# Sluice-only cell";

/**
 * The cells are translated as written, whether or not they ran. `valuesOf(cell)`: the values a TypeScript cell's
 * names had after it ran with this very source in this kernel (undefined otherwise); a DataFrame whose code has
 * no PySpark equivalent is then written from its logical plan. `constants`: the plain values of Sluice-only
 * names ("datasets.eventsSchema"), written as literals.
 */
export function sparkCells(
  name: string,
  cells: readonly SourceCell[],
  valuesOf: (cell: SourceCell) => CellValues,
  constants: ReadonlyMap<string, string | number | boolean> = new Map(),
): SparkCell[] {
  const scope: ExportScope = {
    dataFrames: new Map(),
    paths: new PathParameters(),
    functions: new Set(),
    imports: new Set(),
    untranslatedNames: new Map(),
    constants,
  };
  const shapes = new Map();
  let untranslated = 0;
  let typescript = 0;
  const body: SparkCell[] = cells.map((cell): SparkCell => {
    switch (cell.type) {
      case "markdown":
        return { id: cell.id, type: "markdown", source: cell.source };
      case "sql":
        return {
          id: cell.id,
          type: "python",
          source: `display(spark.sql(${tripleQuoted(cell.source.trim())}))`,
        };
      case "python":
        return SLUICE_IMPORT.test(cell.source)
          ? {
              id: cell.id,
              type: "python",
              source: sluiceOnlyCell(cell.source),
              untranslated: [SLUICE_ONLY_REASON],
            }
          : { id: cell.id, type: "python", source: replacePathLiterals(cell.source, scope.paths) };
      default: {
        typescript += 1;
        const translation = translateTypeScriptCell(cell.source, valuesOf(cell), scope, shapes);
        untranslated += translation.untranslated.length;
        return {
          id: cell.id,
          type: "python",
          source: translation.code,
          ...(translation.untranslated.length > 0 ? { untranslated: translation.untranslated } : {}),
        };
      }
    }
  });
  const intro = [
    `# ${name}`,
    "",
    "Exported from Sluice for a Spark cluster: PySpark, ready to run on Databricks or in any Jupyter kernel",
    "with `pyspark`.",
    "",
    `- The paths Sluice kept in the browser's storage are parameters in the next cell: point \`BASE_PATH\` at your storage.`,
    scope.paths.hasKafka
      ? "- Kafka code is as it was; `KAFKA_BOOTSTRAP_SERVERS` in the next cell names your brokers (Sluice's cluster was in the browser)."
      : "",
    typescript > 0 ? "- TypeScript cells were translated to PySpark as written, statement by statement." : "",
    untranslated > 0
      ? `- ${untranslated} statement${untranslated === 1 ? "" : "s"} had no PySpark equivalent: look for \`${UNTRANSLATED_MARK}\`.`
      : "",
    body.some((c) => c.source.startsWith(SLUICE_ONLY_MARK))
      ? `- Cells marked \`${SLUICE_ONLY_MARK}\` used Sluice's helpers (its teaching data) and are left out.`
      : "",
  ]
    .filter((line, i, all) => line !== "" || (all[i - 1] ?? "") !== "")
    .join("\n")
    .trim();
  return [
    { id: "spark-export-intro", type: "markdown", source: intro },
    { id: "spark-export-parameters", type: "python", source: scope.paths.cell() },
    { id: "spark-export-setup", type: "python", source: setupCell(name, scope) },
    ...body,
  ];
}

function setupCell(name: string, scope: ExportScope): string {
  const lines = ["from pyspark.sql import SparkSession"];
  if (scope.functions.size > 0)
    lines.push(`from pyspark.sql.functions import ${[...scope.functions].sort().join(", ")}`);
  lines.push(...[...scope.imports].sort());
  lines.push(
    "",
    `spark = SparkSession.builder.appName(${pyString(name)}).getOrCreate()`,
    "",
    DISPLAY_FALLBACK,
  );
  return lines.join("\n");
}

/** Databricks notebooks have display(); elsewhere this one does what the notebook's panel did, in text. */
const DISPLAY_FALLBACK = `try:
    display  # Databricks notebooks have display()
except NameError:
    from pyspark.errors import AnalysisException
    from pyspark.sql import DataFrame

    def display(value, processingTime=None, checkpointLocation=None, streamName=None):
        """A DataFrame as a table; a streaming one runs into a memory table, shown once it has caught up."""
        if not isinstance(value, DataFrame):
            print(value)
            return None
        if not value.isStreaming:
            value.show(truncate=False)
            return None
        name = streamName or f"display_{len(spark.streams.active)}"
        writer = value.writeStream.format("memory").queryName(name)
        if checkpointLocation:
            writer = writer.option("checkpointLocation", checkpointLocation)
        if processingTime:
            writer = writer.trigger(processingTime=processingTime)
        try:
            query = writer.outputMode("complete").start()
        except AnalysisException:
            query = writer.outputMode("append").start()
        query.processAllAvailable()
        spark.table(name).show(truncate=False)
        return query`;

const SLUICE_ONLY_REASON = "it imports Sluice's own helpers (the teaching data in the browser's storage)";

/** A Python cell that imports Sluice's helpers: left out, as comments. */
function sluiceOnlyCell(source: string): string {
  return `${SLUICE_ONLY_MARK}: it uses Sluice's own helpers (the teaching data in the browser's storage).\n# On a cluster, put your data where the parameters at the top point.\n${comment(source.trim())}`;
}

/** Where the next string literal is the value of `.option("kafka.bootstrap.servers", ...)`. */
const KAFKA_SERVERS_VALUE = /\.option\(\s*(["'])kafka\.bootstrap\.servers\1\s*,\s*$/;

/**
 * String literals holding a Sluice path become the path's parameter, and `kafka.bootstrap.servers` values the
 * servers' parameter. Comments and f-strings stay as they are.
 */
export function replacePathLiterals(source: string, paths: PathParameters): string {
  let out = "";
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === "#") {
      const end = source.indexOf("\n", i);
      const stop = end < 0 ? source.length : end;
      out += source.slice(i, stop);
      i = stop;
      continue;
    }
    const prefix = /^[rRbBuUfF]{0,2}/.exec(source.slice(i))![0];
    const start = i + prefix.length;
    const opens = (source[start] === '"' || source[start] === "'") && (i === 0 || !/\w/.test(source[i - 1]));
    if (!opens) {
      out += ch;
      i += 1;
      continue;
    }
    const quote = source.startsWith(source[start].repeat(3), start) ? source[start].repeat(3) : source[start];
    let end = start + quote.length;
    while (end < source.length && !source.startsWith(quote, end)) end += source[end] === "\\" ? 2 : 1;
    const content = source.slice(start + quote.length, end);
    const plain = /^[rRuU]?$/.test(prefix) && quote.length === 1;
    out +=
      plain && KAFKA_SERVERS_VALUE.test(out)
        ? paths.kafkaServers(content)
        : plain && isSluicePath(content)
          ? paths.name(content)
          : source.slice(i, end + quote.length);
    i = end + quote.length;
  }
  return out;
}

function tripleQuoted(text: string): string {
  return `"""${text.replaceAll("\\", "\\\\").replaceAll('"""', '\\"\\"\\"')}"""`;
}
