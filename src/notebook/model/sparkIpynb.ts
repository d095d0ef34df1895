import type { SparkCell } from "../../kernel/protocol";
import { type IpynbNotebook, toIpynb } from "./ipynb";
import type { Cell } from "./notebook";

/** The exported cells as a Jupyter notebook for a Python (PySpark) kernel, with no Sluice metadata. */
export function toSparkIpynb(name: string, cells: readonly SparkCell[]): IpynbNotebook {
  const notebook = toIpynb(
    {
      name,
      cells: cells.map((c): Cell => ({ ...c, outputs: [], executionCount: null })),
    },
    { outputs: false },
  );
  return {
    ...notebook,
    metadata: {
      kernelspec: { name: "python3", display_name: "Python 3 (PySpark)", language: "python" },
      language_info: { name: "python", file_extension: ".py", mimetype: "text/x-python" },
    },
    cells: notebook.cells.map((c) => ({ ...c, metadata: {} })),
  };
}
