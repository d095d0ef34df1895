import type * as Monaco from "monaco-editor";
import { StubIndex } from "../../../python/StubIndex";
import { sqlCompletions } from "./sqlCompletion";

/** pyspark.sql.functions' stub, bundled as text: Spark's built-in functions, named as SQL names them. */
const functionsStub = Object.values(
  import.meta.glob<string>("../../../pyspark/python/pyspark/sql/functions.pyi", {
    query: "?raw",
    import: "default",
    eager: true,
  }),
)[0];

/**
 * Completion for SQL cells (Monaco colours SQL by itself): Spark SQL's keywords and functions, and the names
 * the notebook's SQL cells use.
 */
export function registerSql(monaco: typeof Monaco): void {
  const index = new StubIndex({ "pyspark/sql/functions.pyi": functionsStub });
  const kinds = {
    keyword: monaco.languages.CompletionItemKind.Keyword,
    function: monaco.languages.CompletionItemKind.Function,
    name: monaco.languages.CompletionItemKind.Text,
  };
  monaco.languages.registerCompletionItemProvider("sql", {
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const range = {
        startLineNumber: position.lineNumber,
        endLineNumber: position.lineNumber,
        startColumn: word.startColumn,
        endColumn: word.endColumn,
      };
      const sql = monaco.editor
        .getModels()
        .filter((m) => m.getLanguageId() === "sql")
        .map((m) => (m === model ? textWithout(model, range) : m.getValue()));
      const suggestions = sqlCompletions(index, sql).map((c) => ({
        label: c.label,
        kind: kinds[c.kind],
        detail: c.detail,
        documentation: c.documentation ? { value: c.documentation } : undefined,
        insertText: c.label,
        range,
      }));
      return { suggestions };
    },
  });
}

/** The model's text without the word being typed, so a half-typed word does not complete to itself. */
function textWithout(model: Monaco.editor.ITextModel, range: Monaco.IRange): string {
  const start = model.getOffsetAt({ lineNumber: range.startLineNumber, column: range.startColumn });
  const end = model.getOffsetAt({ lineNumber: range.endLineNumber, column: range.endColumn });
  const text = model.getValue();
  return text.slice(0, start) + text.slice(end);
}
