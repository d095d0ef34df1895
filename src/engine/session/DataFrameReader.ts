/** `spark.read`: batch DataFrames over files. A directory written by a streaming file sink is read through its log. */
import { DATA_FORMATS, type DataFormat } from "../io/DataFileReader";
import { normalizePath } from "../io/FileSystem";
import { DataFrame, flattenArgs } from "../sql/DataFrame";
import { AnalysisException } from "../sql/errors";
import { type LogicalPlan, newPlanId } from "../sql/plan";
import type { StructType } from "../sql/types";
import { readStateSource, STATE_FORMATS } from "../state/StateDataSource";
import { inferFileSchema } from "./dataFiles";
import type { SparkSession } from "./SparkSession";

export function dataSourceNotFound(format: string): AnalysisException {
  return new AnalysisException(
    `Failed to find the data source: ${format}. Make sure the provider name is correct and the package is properly registered and compatible with your Spark version. SQLSTATE: 42K02`,
    "DATA_SOURCE_NOT_FOUND",
    { provider: format },
  );
}

/** Options and schema shared by `spark.read` and `spark.readStream`. */
export abstract class ReaderOptions<Self> {
  protected formatName = "parquet";
  protected userSchema: StructType | undefined;
  protected readonly extraOptions: Record<string, string> = {};

  constructor(protected readonly session: SparkSession) {}

  format(source: string): Self {
    this.formatName = source.toLowerCase();
    return this as unknown as Self;
  }

  schema(schema: StructType | string): Self {
    this.userSchema = typeof schema === "string" ? this.session.parseSchema(schema) : schema;
    return this as unknown as Self;
  }

  option(key: string, value: string | number | boolean): Self {
    this.extraOptions[key] = String(value);
    return this as unknown as Self;
  }

  options(options: Record<string, string | number | boolean>): Self {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this as unknown as Self;
  }
}

export class DataFrameReader extends ReaderOptions<DataFrameReader> {
  load(...paths: (string | string[])[]): DataFrame {
    const list = flattenArgs(paths);
    if (STATE_FORMATS.includes(this.formatName)) {
      const checkpoint = list[0] ?? this.extraOptions.path;
      return readStateSource(
        this.session,
        this.formatName,
        checkpoint && normalizePath(checkpoint),
        this.extraOptions,
      );
    }
    const format = this.formatName as DataFormat;
    if (!DATA_FORMATS.includes(format)) throw dataSourceNotFound(this.formatName);
    if (list.length === 0)
      throw new AnalysisException(
        `Unable to infer schema for ${format}. It must be specified manually.`,
        "UNABLE_TO_INFER_SCHEMA",
      );
    const options = { ...this.extraOptions };
    const relation = { type: "files", format, paths: list.map(normalizePath), options } as const;
    const build = (schema: StructType): LogicalPlan => ({
      kind: "relation",
      id: newPlanId(),
      isStreaming: false,
      relation,
      schema,
    });
    if (this.userSchema) return new DataFrame(this.session, build(this.userSchema));
    const inferred = inferFileSchema(this.session.fs, this.session.files, format, list, options);
    return new DataFrame(this.session, inferred instanceof Promise ? inferred.then(build) : build(inferred));
  }

  parquet(...paths: (string | string[])[]): DataFrame {
    return this.format("parquet").load(...paths);
  }

  csv(path: string | string[], options: Record<string, string | number | boolean> = {}): DataFrame {
    return this.format("csv").options(options).load(path);
  }

  json(path: string | string[], options: Record<string, string | number | boolean> = {}): DataFrame {
    return this.format("json").options(options).load(path);
  }

  text(...paths: (string | string[])[]): DataFrame {
    return this.format("text").load(...paths);
  }

  table(name: string): DataFrame {
    return this.session.table(name);
  }
}
