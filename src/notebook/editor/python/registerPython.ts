import type * as Monaco from "monaco-editor";
import type { MemberKind } from "../../../python/StubIndex";
import { StubIndex } from "../../../python/StubIndex";
import { PythonAssist } from "./pythonAssist";

/** The pyspark package's stubs, bundled as text: what Python cells complete and document from. */
const stubFiles = import.meta.glob<string>("../../../pyspark/python/**/*.pyi", {
  query: "?raw",
  import: "default",
  eager: true,
});

/**
 * Completion, hover and parameter hints for Python cells (Monaco colours Python by itself). Types come from
 * the pyspark stubs and what the notebook's Python cells import and assign (see PythonAssist).
 */
export function registerPython(monaco: typeof Monaco): void {
  const files = Object.fromEntries(
    Object.entries(stubFiles).map(([path, text]) => [path.replace(/^.*\/pyspark\/python\//, ""), text]),
  );
  const assist = new PythonAssist(new StubIndex(files));
  const before = (model: Monaco.editor.ITextModel, position: Monaco.IPosition) =>
    model.getValueInRange({
      startLineNumber: 1,
      startColumn: 1,
      endLineNumber: position.lineNumber,
      endColumn: position.column,
    });
  const otherCells = (model: Monaco.editor.ITextModel) =>
    monaco.editor
      .getModels()
      .filter((m) => m !== model && m.getLanguageId() === "python")
      .map((m) => m.getValue());
  const kinds: Record<MemberKind, Monaco.languages.CompletionItemKind> = {
    function: monaco.languages.CompletionItemKind.Function,
    method: monaco.languages.CompletionItemKind.Method,
    property: monaco.languages.CompletionItemKind.Property,
    attribute: monaco.languages.CompletionItemKind.Field,
    class: monaco.languages.CompletionItemKind.Class,
    module: monaco.languages.CompletionItemKind.Module,
  };

  monaco.languages.registerCompletionItemProvider("python", {
    triggerCharacters: [".", " "],
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const range = {
        startLineNumber: position.lineNumber,
        endLineNumber: position.lineNumber,
        startColumn: word.startColumn,
        endColumn: word.endColumn,
      };
      const suggestions = assist.complete(before(model, position), otherCells(model)).map((c) => ({
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

  monaco.languages.registerHoverProvider("python", {
    provideHover(model, position) {
      const word = model.getWordAtPosition(position);
      if (!word) return undefined;
      const end = { lineNumber: position.lineNumber, column: word.endColumn };
      const info = assist.hover(before(model, end), otherCells(model));
      if (!info) return undefined;
      return {
        range: {
          startLineNumber: position.lineNumber,
          endLineNumber: position.lineNumber,
          startColumn: word.startColumn,
          endColumn: word.endColumn,
        },
        contents: [
          { value: `\`\`\`python\n${info.signature}\n\`\`\`` },
          ...(info.documentation ? [{ value: info.documentation }] : []),
        ],
      };
    },
  });

  monaco.languages.registerSignatureHelpProvider("python", {
    signatureHelpTriggerCharacters: ["(", ","],
    signatureHelpRetriggerCharacters: [","],
    provideSignatureHelp(model, position) {
      const help = assist.signature(before(model, position), otherCells(model));
      if (!help) return undefined;
      return {
        value: {
          signatures: [
            {
              label: help.label,
              parameters: help.params.map((label) => ({ label })),
              documentation: help.documentation ? { value: help.documentation } : undefined,
            },
          ],
          activeSignature: 0,
          activeParameter: help.activeParameter,
        },
        dispose() {},
      };
    },
  });
}
