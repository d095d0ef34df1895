/**
 * The compatibility table is true: docs/compatibility.* are what `npm run compat` writes now, and every entry of
 * the status file agrees with the code — a supported function resolves and an unsupported one is Spark's
 * UNRESOLVED_ROUTINE; each API entry's member exists in TypeScript and in the pyspark package exactly where the
 * entry says; every public member of those classes has an entry; an option marked supported is read by the
 * engine; each SQL statement runs or fails as marked; each conf marked honoured is read by the engine.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_AREAS,
  type ApiArea,
  CONFS,
  type Entry,
  OPTION_AREAS,
  type OptionArea,
  SQL_STATEMENTS,
} from "../src/engine/compatibility/status";
import { AnalysisException } from "../src/engine/errors";
import { SQL_CONF_ENTRIES } from "../src/engine/session/SQLConf";
import { call_function } from "../src/engine/sql/api/functions";
import { builtinFunctions } from "../src/engine/sql/codegen/functionRegistry";
import { newTestSession, type TestSession } from "../src/engine/testing/fixtures";
import { PythonPackage, typeScriptExports, typeScriptMembers } from "./compat/codeState";
import { renderJson, renderMarkdown } from "./compat/render";

const ROOT = join(import.meta.dirname, "..");
const read = (path: string): string => readFileSync(join(ROOT, path), "utf8");

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

it("docs/compatibility.md and .json are what `npm run compat` writes", () => {
  expect(read("docs/compatibility.md"), "stale: run `npm run compat`").toBe(renderMarkdown());
  expect(read("docs/compatibility.json"), "stale: run `npm run compat`").toBe(renderJson());
});

/** Built-ins that are SQL syntax or rewritten by the analyzer rather than called by name. */
const SYNTAX_FORMS: Readonly<Record<string, string>> = {
  cast: "SELECT CAST(1 AS BIGINT)",
  grouping: "SELECT grouping(a) FROM VALUES (1) AS t(a) GROUP BY CUBE(a)",
  grouping_id: "SELECT grouping_id(a) FROM VALUES (1) AS t(a) GROUP BY ROLLUP(a)",
  session_window:
    "SELECT count(*) FROM VALUES (TIMESTAMP '2026-01-01 00:00:00') AS t(ts) GROUP BY session_window(ts, '5 minutes')",
};

it("a supported SQL function resolves; an unsupported one is UNRESOLVED_ROUTINE", () => {
  const disagreements = builtinFunctions().flatMap(({ name, support }) => {
    let condition = "resolved";
    try {
      if (Object.hasOwn(SYNTAX_FORMS, name)) t.spark.sql(SYNTAX_FORMS[name]).columns;
      else t.spark.range(1).select(call_function(name)).columns;
    } catch (e) {
      condition =
        e instanceof AnalysisException
          ? (e.getCondition() ?? "no condition")
          : `not an AnalysisException: ${e}`;
    }
    const unresolved = condition === "UNRESOLVED_ROUTINE";
    return (support.status === "unsupported") === unresolved
      ? []
      : [`${name} (${support.status}): ${condition}`];
  });
  expect(disagreements).toEqual([]);
});

describe("API entries agree with the TypeScript classes and the pyspark package", () => {
  const python = new PythonPackage();
  for (const [id, area] of Object.entries(API_AREAS) as [string, ApiArea][]) {
    it(area.title, () => {
      const ts = area.typescript;
      const tsMembers = ts
        ? "modules" in ts
          ? typeScriptExports(ts.modules)
          : typeScriptMembers(ts.file, ts.className)
        : undefined;
      const py = area.python;
      const pyMembers = py ? python.members(py.module, py.className) : undefined;
      const inPython = (name: string): boolean =>
        py !== undefined &&
        pyMembers?.has(name) === true &&
        !python.onlyRaises(py.module, name, py.className);
      const problems: string[] = [];
      for (const [name, entry] of Object.entries(area.entries) as [string, Entry][]) {
        const tsName = entry.typescript ?? name;
        const pyName = entry.python ?? name;
        const offered = entry.status !== "unsupported";
        if (tsMembers) {
          const expected = offered && entry.only !== "python";
          if (tsMembers.has(tsName) !== expected)
            problems.push(
              `${id}.${name}: TypeScript ${expected ? "lacks" : "has"} ${tsName} (entry: ${entry.status}${entry.only ? `, only ${entry.only}` : ""})`,
            );
        }
        if (py) {
          const expected = offered && entry.only !== "typescript";
          if (inPython(pyName) !== expected)
            problems.push(
              `${id}.${name}: Python ${expected ? "lacks" : "has"} ${pyName} (entry: ${entry.status}${entry.only ? `, only ${entry.only}` : ""})`,
            );
        }
      }
      const spelled = new Set(
        Object.entries(area.entries).flatMap(([name, e]: [string, Entry]) => [
          e.typescript ?? name,
          e.python ?? name,
        ]),
      );
      const extensions = area.extensions ?? {};
      for (const member of tsMembers ?? [])
        if (!spelled.has(member) && !Object.hasOwn(extensions, member))
          problems.push(`${id}: TypeScript's ${member} has no entry`);
      const pyNames = py
        ? py.className
          ? (pyMembers ?? new Set<string>())
          : python.definedNames(py.module)
        : [];
      for (const member of pyNames)
        if (!member.startsWith("_") && !spelled.has(member) && !Object.hasOwn(extensions, member))
          problems.push(`${id}: Python's ${member} has no entry`);
      for (const name of Object.keys(extensions))
        if (!tsMembers?.has(name) && !pyMembers?.has(name))
          problems.push(`${id}: extension ${name} is neither in TypeScript nor in Python`);
      expect(problems).toEqual([]);
    });
  }
});

/** String literals of the engine's source files, lower-cased (Spark's option keys are case-insensitive). */
function literals(patterns: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const [dir, file] = [pattern.replace(/\/[^/]*$/, ""), pattern.replace(/^.*\//, "")];
    const matcher = new RegExp(`^${file.replaceAll(".", "\\.").replaceAll("*", "[^/]*")}$`);
    for (const name of readdirSync(join(ROOT, dir)))
      if (matcher.test(name) && !name.endsWith(".test.ts"))
        for (const m of read(`${dir}/${name}`).matchAll(/"([A-Za-z_][A-Za-z0-9_.]*)"/g))
          found.add(m[1].toLowerCase());
  }
  return found;
}

it("an option marked supported is read where the entry says; one marked unsupported is not", () => {
  const problems = (Object.entries(OPTION_AREAS) as [string, OptionArea][]).flatMap(([id, area]) => {
    const read = literals(area.readBy);
    return Object.entries(area.entries).flatMap(([name, entry]: [string, Entry]) => {
      const expected = entry.status !== "unsupported";
      return read.has(name.toLowerCase()) === expected
        ? []
        : [
            `${id}.${name}: ${expected ? "not read" : "read"} by ${area.readBy.join(", ")} (entry: ${entry.status})`,
          ];
    });
  });
  expect(problems).toEqual([]);
});

it("each SQL statement runs, or fails, as its entry says", async () => {
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(SQL_STATEMENTS)) {
    let failure: string | undefined;
    try {
      await t.spark.sql(entry.example).collect();
    } catch (e) {
      failure = e instanceof Error ? e.message.split("\n")[0] : String(e);
    }
    const expected = entry.status !== "unsupported";
    if ((failure === undefined) !== expected)
      problems.push(`${name}: ${failure ?? "runs"} (entry: ${entry.status}; ${entry.example})`);
  }
  expect(problems).toEqual([]);
});

it("the confs marked honoured are the ones the engine reads", () => {
  const engine = literals(
    readdirSync(join(ROOT, "src/engine"), { recursive: true, withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `${join(d.parentPath, d.name).slice(ROOT.length + 1)}/*.ts`)
      .concat("src/engine/*.ts"),
  );
  const problems = Object.entries(CONFS).flatMap(([key, entry]) =>
    engine.has(key.toLowerCase()) === (entry.status !== "unsupported")
      ? []
      : [`${key}: entry ${entry.status}`],
  );
  for (const key of Object.keys(SQL_CONF_ENTRIES))
    if (key.startsWith("spark.") && !Object.hasOwn(CONFS, key))
      problems.push(`${key}: SQLConf defines it, the table has no entry`);
  expect(problems).toEqual([]);
});
