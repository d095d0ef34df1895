/**
 * What Monaco shows for code cells comes from the engine's emitted declarations (vite.config.ts) plus the
 * globals (globals.ts). This runs TypeScript's language service (the one inside Monaco's TS worker) over those
 * same files and checks completion and hover carry the engine's doc comments, not just types.
 */
import { existsSync, readFileSync } from "node:fs";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { emitEngineDeclarations } from "../../../vite.config";
import { globalsDeclaration } from "./globals";

const ROOT = "/sluice/";
const CELL = `${ROOT}cell.ts`;

/** The user-facing classes whose every public member should say what it does on hover. */
const DOCUMENTED_CLASSES = [
  "SparkSession",
  "Builder",
  "RuntimeConfig",
  "Catalog",
  "DataStreamReader",
  "DataStreamWriter",
  "DataFrameReader",
  "DataFrameWriter",
  "DataFrame",
  "GroupedData",
  "Column",
  "StreamingQuery",
  "StreamingQueryManager",
  "GroupState",
  "StatefulProcessor",
  "MemoryStream",
  "WindowSpec",
  "Observation",
];

let service: ts.LanguageService;
let cellText = "";

beforeAll(() => {
  const types = emitEngineDeclarations();
  const files = new Map(Object.entries(types.files).map(([file, text]) => [ROOT + file, text]));
  files.set(`${ROOT}globals.d.ts`, globalsDeclaration(types));
  const read = (file: string) =>
    files.get(file) ?? (existsSync(file) ? readFileSync(file, "utf8") : undefined);
  // Monaco's settings for cells (monaco.ts): no DOM, not strict.
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ["lib.es2023.d.ts"],
    strict: false,
    skipLibCheck: true,
    types: [],
  };
  service = ts.createLanguageService({
    getScriptFileNames: () => [...files.keys(), CELL],
    getScriptVersion: (file) => (file === CELL ? cellText : "1"),
    getScriptSnapshot: (file) => {
      const text = file === CELL ? cellText : read(file);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (file) => file === CELL || read(file) !== undefined,
    readFile: (file) => (file === CELL ? cellText : read(file)),
  });
  // Emitting the engine's declarations compiles the whole engine: 27 s beside another suite, over 60 s beside two.
}, 180_000);

/** The completion list after `code` (a cell ending where the cursor is). */
function completions(code: string): string[] {
  cellText = code;
  return (service.getCompletionsAtPosition(CELL, code.length, {})?.entries ?? []).map((e) => e.name);
}

/** The doc comment Monaco shows beside the focused suggestion `name` after `code`. */
function suggestionDoc(code: string, name: string): string {
  cellText = code;
  const details = service.getCompletionEntryDetails(
    CELL,
    code.length,
    name,
    {},
    undefined,
    undefined,
    undefined,
  );
  return ts.displayPartsToString(details?.documentation);
}

/** What hovering `word` (its last occurrence in `code`) shows: the signature and the doc comment. */
function hover(code: string, word: string): { signature: string; doc: string } {
  cellText = code;
  const info = service.getQuickInfoAtPosition(CELL, code.lastIndexOf(word) + 1);
  return {
    signature: ts.displayPartsToString(info?.displayParts),
    doc: ts.displayPartsToString(info?.documentation),
  };
}

/** The checker's view of what the engine exports, as Monaco's worker sees it. */
function engineExports(): { checker: ts.TypeChecker; exports: Map<string, ts.Symbol> } {
  cellText = "";
  const program = service.getProgram()!;
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(`${ROOT}engine/index.d.ts`)!)!;
  const exports = new Map(checker.getExportsOfModule(module).map((s) => [s.name, s] as const));
  return { checker, exports };
}

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

/** The class, then its public members (instance and static), where they have no doc comment. */
function undocumentedMembers(name: string): string[] {
  const { checker, exports } = engineExports();
  const alias = exports.get(name);
  if (!alias) return [`(${name} is not exported)`];
  const symbol = alias.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(alias) : alias;
  const instance = checker.getDeclaredTypeOfSymbol(symbol);
  const statics = checker.getTypeOfSymbol(symbol);
  const members = [
    ...checker.getPropertiesOfType(instance),
    ...checker.getPropertiesOfType(statics).filter((s) => s.name !== "prototype"),
  ];
  const hidden = ts.ModifierFlags.Private | ts.ModifierFlags.Protected;
  const undocumented = members
    .filter((m) => !m.name.startsWith("#"))
    .filter((m) => !m.declarations?.some((d) => ts.getCombinedModifierFlags(d) & hidden))
    .filter((m) => docOf(m, checker) === "")
    .map((m) => `${name}.${m.name}`);
  return docOf(symbol, checker) === "" ? [name, ...undocumented] : undocumented;
}

describe("the engine's declarations in Monaco", () => {
  it("completes spark.readStream. with the reader's methods, each with its doc comment", () => {
    const names = completions("spark.readStream.");
    for (const method of ["parquet", "csv", "json", "text", "load", "format", "schema", "option", "table"]) {
      expect(names).toContain(method);
      expect(suggestionDoc("spark.readStream.", method), method).not.toBe("");
    }
  });

  it("documents the streaming source options on readStream.option, and the batch ones on read.option", () => {
    const stream = suggestionDoc("spark.readStream.", "option");
    for (const key of [
      "maxFilesPerTrigger",
      "maxBytesPerTrigger",
      "latestFirst",
      "maxFileAge",
      "rowsPerSecond",
      "rowsPerBatch",
    ])
      expect(stream).toContain(key);
    const batch = suggestionDoc("spark.read.", "option");
    for (const key of ["header", "inferSchema", "sep", "multiLine", "mode"]) expect(batch).toContain(key);
    // The file source's rate limits mean nothing to a batch read.
    expect(batch).not.toContain("maxFilesPerTrigger");
  });

  it("documents the writer: trigger with its forms, option with checkpointLocation, outputMode with the modes", () => {
    const writer = 'spark.readStream.parquet("/data").writeStream.';
    expect(suggestionDoc(writer, "trigger")).toMatch(/processingTime: "3 seconds"/);
    expect(suggestionDoc(writer, "trigger")).toContain("availableNow");
    expect(suggestionDoc(writer, "option")).toContain("checkpointLocation");
    for (const mode of ["append", "update", "complete"])
      expect(suggestionDoc(writer, "outputMode")).toContain(mode);
    expect(suggestionDoc("spark.range(3).write.", "option")).toContain("header");
    expect(suggestionDoc("spark.range(3).write.", "mode")).toContain("overwrite");
  });

  it("hovers spark.readStream with its type and what it is for", () => {
    const { signature, doc } = hover("spark.readStream", "readStream");
    expect(signature).toContain("DataStreamReader");
    expect(doc).not.toBe("");
  });

  it("documents the functions in scope by name, as F.*, and through the functions export", () => {
    const { checker, exports } = engineExports();
    const functions = exports.get("functions")!;
    const members = checker.getPropertiesOfType(checker.getTypeOfSymbol(checker.getAliasedSymbol(functions)));
    expect(members.length).toBeGreaterThan(100);
    const undocumented = members.filter((m) => docOf(m, checker) === "").map((m) => m.name);
    expect(undocumented).toEqual([]);
    // A cell calls them by name: hovering the call shows the function's doc.
    const cell = 'df.groupBy(window("ts", "5 minutes")).agg(approx_count_distinct(col("user_id")))';
    expect(hover(cell, "window").doc).toMatch(/tumbling/i);
    expect(hover(cell, "approx_count_distinct").doc).toMatch(/HyperLogLog/);
    expect(hover(cell, "col").signature).toContain("Column");
    expect(hover(cell, "col").doc).not.toBe("");
    expect(suggestionDoc("F.", "session_window")).toMatch(/gapDuration/);
    // Typed by name, the suggestion carries the doc too.
    expect(suggestionDoc("win", "window")).toMatch(/tumbling/i);
    expect(suggestionDoc("Spark", "SparkSession")).not.toBe("");
  });

  it("type-checks a query that uses the names in scope without errors", () => {
    cellText = [
      'const counts = spark.readStream.schema("ts TIMESTAMP, name STRING").parquet("/data/events")',
      '  .withWatermark("ts", "10 minutes").groupBy(window(col("ts"), "5 minutes"), "name")',
      '  .agg(count("*").alias("n"), F.max("ts"));',
      'const q = counts.writeStream.outputMode("update").format("memory").queryName("c").start();',
      'const flagged = spark.range(3).withColumn("one", lit(1)).filter(col("id").gt(0));',
    ].join("\n");
    const messages = service
      .getSemanticDiagnostics(CELL)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(messages).toEqual([]);
  });

  it.each(DOCUMENTED_CLASSES)("documents every public member of %s", (name) => {
    expect(undocumentedMembers(name)).toEqual([]);
  });
});
