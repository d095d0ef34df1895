import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

/**
 * The .pyi stubs are what the editor completes and documents: each name they declare must exist in the
 * package with the same parameters, and each public method of the package's classes must be declared.
 */
it("the shipped .pyi stubs declare exactly the pyspark package's API", async () => {
  const result = await t.py.run(`
import ast, importlib, inspect, os
ROOT = "/sluice/python"
problems = []

def params(fn):
    return [p for p in inspect.signature(fn).parameters if p not in ("self", "cls")]

def stub_params(node):
    a = node.args
    names = [x.arg for x in a.posonlyargs + a.args if x.arg not in ("self", "cls")]
    if a.vararg: names.append(a.vararg.arg)
    names += [x.arg for x in a.kwonlyargs]
    if a.kwarg: names.append(a.kwarg.arg)
    return names

def is_property(node):
    return any(isinstance(d, ast.Name) and d.id == "property" for d in node.decorator_list)

def check_function(where, node, actual):
    if actual is None:
        problems.append(f"{where}: missing")
    elif not is_property(node) and callable(actual) and not isinstance(actual, type):
        if params(actual) != stub_params(node):
            problems.append(f"{where}: stub {stub_params(node)} != {params(actual)}")

for directory, _, files in os.walk(ROOT):
    for name in sorted(files):
        if not name.endswith(".pyi"):
            continue
        path = os.path.join(directory, name)
        module_name = path[len(ROOT) + 1 : -4].replace("/", ".").removesuffix(".__init__")
        if module_name == "notebook":
            module = dict(spark=spark, display=display, dbutils=dbutils)
            lookup = module.get
        else:
            module = importlib.import_module(module_name)
            lookup = lambda n, m=module: getattr(m, n, None)
        for node in ast.parse(open(path).read()).body:
            if isinstance(node, ast.FunctionDef):
                check_function(f"{module_name}.{node.name}", node, lookup(node.name))
            elif isinstance(node, ast.ClassDef):
                cls = lookup(node.name)
                if cls is None:
                    problems.append(f"{module_name}.{node.name}: missing class")
                    continue
                declared = set()
                for member in node.body:
                    if isinstance(member, ast.FunctionDef):
                        declared.add(member.name)
                        check_function(f"{module_name}.{node.name}.{member.name}", member, getattr(cls, member.name, None))
                    elif isinstance(member, ast.AnnAssign):
                        declared.add(member.target.id)
                if cls.__module__ == module_name:
                    for attr, value in vars(cls).items():
                        inherited = any(hasattr(base, attr) for base in cls.__mro__[1:])
                        if not attr.startswith("_") and attr not in declared and not inherited and (callable(value) or isinstance(value, property)):
                            problems.append(f"{module_name}.{node.name}.{attr}: not in the stub")
problems`);
  expect(result.value).toEqual([]);
});
