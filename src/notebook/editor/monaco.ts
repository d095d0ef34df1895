import engineTypes from "virtual:sluice-engine-types";
import * as monaco from "monaco-editor";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import TypeScriptWorker from "monaco-editor/language/typescript/ts.worker?worker";
import { globalsDeclaration, TYPES_ROOT } from "./globals";
import { registerPython } from "./python/registerPython";
import { registerSql } from "./sql/registerSql";

/**
 * Monaco, set up once: its workers bundled by Vite (no CDN), TypeScript that knows every name a cell sees,
 * Python and SQL completion, and a theme that follows the system's light or dark mode. Loaded once the kernel is
 * ready or a cell is focused (editorStart.ts).
 */
self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === "typescript" || label === "javascript" ? new TypeScriptWorker() : new EditorWorker();
  },
};

const ts = monaco.typescript;
ts.typescriptDefaults.setCompilerOptions({
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.NodeJs,
  // No DOM: cells run in the kernel worker, and `window` is Spark's window() function there.
  lib: ["es2023"],
  strict: false,
  noImplicitAny: false,
  allowNonTsExtensions: true,
  skipLibCheck: true,
});
ts.typescriptDefaults.setDiagnosticsOptions({
  noSemanticValidation: false,
  noSyntaxValidation: false,
  // Cells share one scope and allow top-level await: TS would flag both in plain scripts.
  diagnosticCodesToIgnore: [1375, 1378, 2451, 2300, 2393, 1108, 80005, 80001, 6133, 7028],
});
ts.typescriptDefaults.setEagerModelSync(true);
for (const [file, text] of Object.entries(engineTypes.files))
  ts.typescriptDefaults.addExtraLib(text, TYPES_ROOT + file);
ts.typescriptDefaults.addExtraLib(globalsDeclaration(engineTypes), `${TYPES_ROOT}globals.d.ts`);
registerPython(monaco);
registerSql(monaco);

const dark = window.matchMedia("(prefers-color-scheme: dark)");
const applyTheme = () => monaco.editor.setTheme(dark.matches ? "vs-dark" : "vs");
dark.addEventListener("change", applyTheme);
applyTheme();

export { monaco };
