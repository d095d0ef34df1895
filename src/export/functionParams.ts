import functionsStub from "../pyspark/python/pyspark/sql/functions.pyi?raw";
import { StubIndex } from "../python/StubIndex";

/** How a PySpark function takes each argument: a Column (or name), a plain value, several Columns, a lambda. */
export type ParamKind = "column" | "value" | "columns" | "lambda";

let cached: Map<string, ParamKind[]> | undefined;

/** pyspark.sql.functions by name, with their parameters' kinds (from the stubs the package ships). */
export function pysparkFunctions(): Map<string, ParamKind[]> {
  if (cached) return cached;
  const module = new StubIndex({ "pyspark/sql/functions.pyi": functionsStub }).modules.get(
    "pyspark.sql.functions",
  );
  cached = new Map();
  for (const member of module?.members.values() ?? []) {
    if (member.kind !== "function" || member.name.startsWith("_")) continue;
    cached.set(member.name, (member.params ?? []).filter((p) => !p.startsWith("**")).map(kindOf));
  }
  return cached;
}

function kindOf(param: string): ParamKind {
  const type = param.split(":")[1] ?? "";
  if (param.startsWith("*")) return "columns";
  if (/Callable/.test(type)) return "lambda";
  // `Union[DataType, str, Column]` (from_json's schema): a string there is a value, not a column's name.
  if (/\bstr\b/.test(type) && !/ColumnOrName/.test(type)) return "value";
  if (/ColumnOrName|Column\b/.test(type)) return "column";
  return "value";
}
