/** Temporary views: names `spark.sql` and `spark.table` can read. */
import type { DataFrame } from "../sql/DataFrame";
import { AnalysisException } from "../sql/errors";

export class Catalog {
  private readonly views = new Map<string, DataFrame>();

  constructor(private readonly onChange: (name: string, df: DataFrame | undefined) => void) {}

  registerView(name: string, df: DataFrame, replace: boolean): void {
    const key = name.toLowerCase();
    if (!replace && this.views.has(key)) {
      throw new AnalysisException(
        `Cannot create the temporary view \`${name}\` because it already exists. SQLSTATE: 42P07`,
        "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
      );
    }
    this.views.set(key, df);
    this.onChange(name, df);
  }

  view(name: string): DataFrame | undefined {
    return this.views.get(name.toLowerCase());
  }

  dropTempView(name: string): boolean {
    const existed = this.views.delete(name.toLowerCase());
    if (existed) this.onChange(name, undefined);
    return existed;
  }

  listViews(): string[] {
    return [...this.views.keys()];
  }
}
