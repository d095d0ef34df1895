import type * as Monaco from "monaco-editor";
import { useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import type { RunKey } from "../keyboard";
import { editorsAllowed, nextTurn, startEditors } from "./editorStart";

type MonacoModule = typeof Monaco;
let monacoPromise: Promise<MonacoModule> | undefined;

/**
 * Monaco is loaded once, when the kernel is ready or a cell is focused (editorStart.ts): its core first, then
 * its features and languages, so each is evaluated in a task of its own rather than all in one long task.
 */
export function loadMonaco(): Promise<MonacoModule> {
  monacoPromise ??= editorsAllowed()
    .then(() => import("monaco-editor/editor/editor.api"))
    .then(() => import("./monaco"))
    .then((m) => m.monaco);
  return monacoPromise;
}

const EXTENSIONS = { typescript: "ts", python: "py", sql: "sql", markdown: "md" } as const;

type Language = keyof typeof EXTENSIONS;

/** The cells' editors by cell id, so the notebook can put the focus in one (see commandMode.ts). */
const editors = new Map<string, Monaco.editor.IStandaloneCodeEditor>();

/** Puts the focus in a cell's editor; false where it has none (yet). */
export function focusEditor(cellId: string): boolean {
  const editor = editors.get(cellId);
  if (!editor) return false;
  if (!editor.hasTextFocus()) editor.focus();
  return true;
}

/**
 * Monaco's widgets that Esc closes before it leaves the editor (JupyterLab's rule): suggestions, parameter
 * hints, find, rename, the problems peek, snippet placeholders and extra cursors.
 */
export const WIDGET_OPEN = [
  "suggestWidgetVisible",
  "parameterHintsVisible",
  "findWidgetVisible",
  "renameInputVisible",
  "markersNavigationVisible",
  "inSnippetMode",
  "editorHasMultipleSelections",
].join(" || ");

/**
 * A cell's model: its URI's extension and its language pick the tooling (TypeScript's worker takes the .ts
 * models, Python's completion the python ones), so a cell's type and its model's language always agree.
 */
function cellModel(monaco: MonacoModule, cellId: string, value: string, language: Language) {
  const uri = monaco.Uri.parse(`file:///cells/${cellId}.${EXTENSIONS[language]}`);
  monaco.editor.getModel(uri)?.dispose();
  return monaco.editor.createModel(value, language, uri);
}

function languageOptions(language: Language): Monaco.editor.IEditorOptions & { tabSize: number } {
  return { tabSize: language === "python" ? 4 : 2, ariaLabel: `Cell editor (${language})` };
}

interface Props {
  cellId: string;
  value: string;
  language: Language;
  focused: boolean;
  onChange: (value: string) => void;
  onRun: (how: RunKey) => void;
  onEscape: () => void;
  onFocus: () => void;
  onSplit: (offset: number) => void;
  /** The last run's error, marked on its line in the editor. */
  error?: { line: number; column?: number; message: string };
}

/**
 * A cell's Monaco editor, as tall as its content. Keys: Shift+Enter runs and moves on, Ctrl+Enter runs,
 * Alt+Enter runs and inserts a cell below (all three run the cell as typed, even with the suggestion list
 * open), Esc closes an open widget or else leaves for command mode, Ctrl+Shift+- splits at the cursor. Its
 * language follows the cell's type. Until Monaco has loaded, a plain text area stands in.
 */
export function CodeEditor(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  const fallback = useRef<HTMLTextAreaElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor>(null);
  const monacoRef = useRef<MonacoModule>(null);
  const latest = useRef(props);
  latest.current = props;
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let disposed = false;
    let editor: Monaco.editor.IStandaloneCodeEditor | undefined;
    void loadMonaco().then(async (monaco) => {
      // A cell that has the focus (a new cell someone types into at once) gets its editor now: keys pressed
      // while it waited a turn would reach no editor.
      if (!latest.current.focused) await nextTurn();
      if (disposed || !host.current) return;
      monacoRef.current = monaco;
      const { cellId, value, language } = latest.current;
      const model = cellModel(monaco, cellId, value, language);
      editor = monaco.editor.create(host.current, {
        model,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        lineNumbers: "on",
        lineNumbersMinChars: 3,
        fontSize: 14,
        automaticLayout: true,
        wordWrap: "on",
        fixedOverflowWidgets: true,
        renderLineHighlightOnlyWhenFocus: true,
        overviewRulerLanes: 0,
        hideCursorInOverviewRuler: true,
        scrollbar: { alwaysConsumeMouseWheel: false, vertical: "hidden", verticalScrollbarSize: 0 },
        padding: { top: 6, bottom: 6 },
        ...languageOptions(language),
      });
      editorRef.current = editor;
      editors.set(cellId, editor);
      const resize = () => {
        if (!host.current || !editor) return;
        host.current.style.height = `${Math.max(editor.getContentHeight(), 32)}px`;
      };
      editor.onDidContentSizeChange(resize);
      resize();
      editor.onDidChangeModelContent(() => latest.current.onChange(editor!.getValue()));
      editor.onDidFocusEditorText(() => latest.current.onFocus());
      const { KeyMod, KeyCode } = monaco;
      // The run keys have no precondition: an editor's own keybindings weigh less than these, so Shift+Enter
      // runs the cell as typed where Monaco's suggestion list would take it to accept a suggestion.
      const run = (how: RunKey) => (e: Monaco.editor.ICodeEditor) => {
        e.trigger("sluice", "hideSuggestWidget", null);
        latest.current.onRun(how);
      };
      editor.addAction({
        id: "sluice.run-next",
        label: "Run cell and select below",
        keybindings: [KeyMod.Shift | KeyCode.Enter],
        run: run("run-next"),
      });
      editor.addAction({
        id: "sluice.run",
        label: "Run cell",
        keybindings: [KeyMod.CtrlCmd | KeyCode.Enter],
        run: run("run"),
      });
      editor.addAction({
        id: "sluice.run-insert",
        label: "Run cell and insert below",
        keybindings: [KeyMod.Alt | KeyCode.Enter],
        run: run("run-insert"),
      });
      editor.addAction({
        id: "sluice.command-mode",
        label: "Command mode",
        keybindings: [KeyCode.Escape],
        precondition: `!(${WIDGET_OPEN})`,
        run: () => latest.current.onEscape(),
      });
      editor.addAction({
        id: "sluice.split",
        label: "Split cell at cursor",
        keybindings: [KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.Minus],
        run: (e) => {
          const position = e.getPosition();
          if (position) latest.current.onSplit(e.getModel()!.getOffsetAt(position));
        },
      });
      // Someone typing in the plain text area keeps typing, at the same place, in the editor that replaces it,
      // with no moment in between where a key reaches neither.
      const area = fallback.current;
      if (area && document.activeElement === area) {
        editor.setPosition(model.getPositionAt(area.selectionEnd));
        flushSync(() => setLoaded(true));
        editor.focus();
      } else setLoaded(true);
    });
    return () => {
      disposed = true;
      editorRef.current = null;
      if (editor && editors.get(latest.current.cellId) === editor) editors.delete(latest.current.cellId);
      const model = editor?.getModel();
      editor?.dispose();
      model?.dispose();
    };
  }, []);

  // Sources changed elsewhere (split, open) flow back into the editor.
  useEffect(() => {
    const editor = editorRef.current;
    if (editor && editor.getValue() !== props.value) editor.setValue(props.value);
  }, [props.value]);

  // A new type gives the cell a new model in its language; the text and the cursor stay.
  // biome-ignore lint/correctness/useExhaustiveDependencies: loaded re-runs this once the editor exists
  useEffect(() => {
    const editor = editorRef.current;
    const monaco = monacoRef.current;
    const old = editor?.getModel();
    if (!editor || !monaco || !old || old.getLanguageId() === props.language) return;
    const view = editor.saveViewState();
    editor.setModel(cellModel(monaco, props.cellId, old.getValue(), props.language));
    editor.updateOptions(languageOptions(props.language));
    old.dispose();
    editor.restoreViewState(view);
  }, [props.language, loaded]);

  const { error } = props;
  // biome-ignore lint/correctness/useExhaustiveDependencies: loaded re-runs this once the editor exists
  useEffect(() => {
    const model = editorRef.current?.getModel();
    const monaco = monacoRef.current;
    if (!model || !monaco) return;
    const markers = error
      ? [
          {
            severity: monaco.MarkerSeverity.Error,
            message: error.message,
            startLineNumber: error.line,
            startColumn: error.column ?? 1,
            endLineNumber: error.line,
            endColumn: model.getLineMaxColumn(Math.min(error.line, model.getLineCount())),
          },
        ]
      : [];
    monaco.editor.setModelMarkers(model, "sluice-run", markers);
  }, [error, loaded, props.language]);

  // The focus goes in once the editor shows (a new cell's editor appears a moment after the cell).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the editor appears or the mode changes
  useEffect(() => {
    if (loaded && props.focused) focusEditor(props.cellId);
  }, [loaded, props.focused]);

  return (
    <div className="code-editor" data-language={props.language}>
      <div ref={host} className="monaco-host" style={{ display: loaded ? "block" : "none" }} />
      {!loaded && (
        <textarea
          ref={fallback}
          className="editor-fallback"
          aria-label={`Cell editor (${props.language})`}
          value={props.value}
          spellCheck={false}
          rows={Math.max(1, props.value.split("\n").length)}
          onChange={(e) => props.onChange(e.target.value)}
          onFocus={() => {
            startEditors();
            props.onFocus();
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.shiftKey || e.ctrlKey || e.metaKey || e.altKey)) {
              e.preventDefault();
              props.onRun(e.shiftKey ? "run-next" : e.altKey ? "run-insert" : "run");
            } else if (e.key === "Escape") props.onEscape();
          }}
        />
      )}
    </div>
  );
}
