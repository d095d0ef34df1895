import type * as Monaco from "monaco-editor";
import { useEffect, useRef, useState } from "react";
import type { RunKey } from "../keyboard";

type MonacoModule = typeof Monaco;
let monacoPromise: Promise<MonacoModule> | undefined;

/** Monaco is loaded once, after the notebook has drawn (it is the biggest part of the app). */
export function loadMonaco(): Promise<MonacoModule> {
  monacoPromise ??= import("./monaco").then((m) => m.monaco);
  return monacoPromise;
}

const EXTENSIONS = { typescript: "ts", python: "py", sql: "sql", markdown: "md" } as const;

interface Props {
  cellId: string;
  value: string;
  language: "typescript" | "python" | "sql" | "markdown";
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
 * Alt+Enter runs and inserts a cell below, Esc leaves for command mode, Ctrl+Shift+- splits at the cursor.
 * Until Monaco has loaded, a plain text area stands in.
 */
export function CodeEditor(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor>(null);
  const monacoRef = useRef<MonacoModule>(null);
  const latest = useRef(props);
  latest.current = props;
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let disposed = false;
    let editor: Monaco.editor.IStandaloneCodeEditor | undefined;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      monacoRef.current = monaco;
      const { cellId, value, language } = latest.current;
      const uri = monaco.Uri.parse(`file:///cells/${cellId}.${EXTENSIONS[language]}`);
      monaco.editor.getModel(uri)?.dispose();
      const model = monaco.editor.createModel(value, language, uri);
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
        tabSize: language === "python" ? 4 : 2,
        padding: { top: 6, bottom: 6 },
        ariaLabel: `Cell editor (${language})`,
      });
      editorRef.current = editor;
      const resize = () => {
        if (!host.current || !editor) return;
        host.current.style.height = `${Math.max(editor.getContentHeight(), 32)}px`;
      };
      editor.onDidContentSizeChange(resize);
      resize();
      editor.onDidChangeModelContent(() => latest.current.onChange(editor!.getValue()));
      editor.onDidFocusEditorText(() => latest.current.onFocus());
      const { KeyMod, KeyCode } = monaco;
      const quiet = "!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !inSnippetMode";
      editor.addAction({
        id: "sluice.run-next",
        label: "Run cell and select below",
        keybindings: [KeyMod.Shift | KeyCode.Enter],
        precondition: "!suggestWidgetVisible",
        run: () => latest.current.onRun("run-next"),
      });
      editor.addAction({
        id: "sluice.run",
        label: "Run cell",
        keybindings: [KeyMod.CtrlCmd | KeyCode.Enter],
        run: () => latest.current.onRun("run"),
      });
      editor.addAction({
        id: "sluice.run-insert",
        label: "Run cell and insert below",
        keybindings: [KeyMod.Alt | KeyCode.Enter],
        run: () => latest.current.onRun("run-insert"),
      });
      editor.addAction({
        id: "sluice.command-mode",
        label: "Command mode",
        keybindings: [KeyCode.Escape],
        precondition: quiet,
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
      setLoaded(true);
      if (latest.current.focused) editor.focus();
    });
    return () => {
      disposed = true;
      editorRef.current = null;
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
  }, [error, loaded]);

  useEffect(() => {
    if (props.focused && editorRef.current && !editorRef.current.hasTextFocus()) editorRef.current.focus();
  }, [props.focused]);

  return (
    <div className="code-editor" data-language={props.language}>
      <div ref={host} className="monaco-host" style={{ display: loaded ? "block" : "none" }} />
      {!loaded && (
        <textarea
          className="editor-fallback"
          aria-label={`Cell editor (${props.language})`}
          value={props.value}
          spellCheck={false}
          rows={Math.max(1, props.value.split("\n").length)}
          onChange={(e) => props.onChange(e.target.value)}
          onFocus={props.onFocus}
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
