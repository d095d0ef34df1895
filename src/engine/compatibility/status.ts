/**
 * The compatibility table's source: for each public API of Spark and PySpark, whether Sluice offers it (supported,
 * partial, or not supported) with a note. Spark's SQL built-in functions are not repeated here: the function
 * registry's `builtinFunctions()` / `functionSupport()` is their status list. The lists of names are Spark's own
 * (the PySpark sources and API reference, the data source docs), never Sluice's; `scripts/compat.test.ts` holds
 * every entry to what the code does, and `npm run compat` writes docs/compatibility.md and .json from it.
 */

import { CONV_NOTE, TO_BINARY_NOTE } from "../sql/codegen/bitNotes";
import { FROM_CSV_NOTE, SCHEMA_OF_CSV_NOTE } from "../sql/codegen/csvNotes";
import { builtinFunctions } from "../sql/codegen/functionRegistry";
import { INTERVAL_NOTE } from "../sql/codegen/intervalFunctions";
import { JSON_TUPLE_NOTE, SCHEMA_OF_JSON_NOTE } from "../sql/codegen/jsonTextFunctions";
import { LISTAGG_NOTE } from "../sql/codegen/listaggFunctions";
import { SEEDED_NOTE } from "../sql/codegen/seededRandom";
import { MASK_NOTE, REGEXP_INSTR_NOTE, SENTENCES_NOTE } from "../sql/codegen/textFunctions";
import { NTZ_NOTE } from "../sql/codegen/timeFunctions";
import { TIME_ZONE_NOTE } from "../sql/codegen/timeZones";
import { TO_CSV_NOTE } from "../sql/codegen/toCsv";
import { PARSE_URL_NOTE, STR_TO_MAP_NOTE } from "../sql/codegen/urlFunctions";
import { VARIANT_GET_NOTE } from "../sql/codegen/variantFunctions";
import { FROM_XML_NOTE, TO_XML_NOTE } from "../sql/xml/xmlFunctions";

export type Status = "supported" | "partial" | "unsupported";

/** Where Sluice offers an API when not in both languages. */
export type Language = "typescript" | "python";

export interface Entry {
  readonly status: Status;
  readonly note?: string;
  /** Offered in one language only (a partial entry's usual reason). */
  readonly only?: Language;
  /** The member's name where it is not the entry's: Column's `==` is `equalTo` and `__eq__`. */
  readonly typescript?: string;
  readonly python?: string;
}

interface EntryOptions {
  readonly only?: Language;
  readonly typescript?: string;
  readonly python?: string;
}

const entry = (status: Status, note = "", options: EntryOptions = {}): Entry => ({
  status,
  ...(note ? { note } : {}),
  ...options,
});
const supported = (note = "", options: EntryOptions = {}): Entry => entry("supported", note, options);
const partial = (note = "", options: EntryOptions = {}): Entry => entry("partial", note, options);
const unsupported = (note = ""): Entry => entry("unsupported", note);

/** Every name of `text` with the same entry. */
const each = (text: string, value: Entry): Record<string, Entry> =>
  Object.fromEntries(
    text
      .trim()
      .split(/\s+/)
      .map((name) => [name, value]),
  );

/** A class of Spark's API, and where Sluice implements it in each language. */
export interface ApiArea {
  readonly title: string;
  /** Where Spark's list of names was taken from. */
  readonly source: string;
  /** A class's public members, or what modules export. */
  readonly typescript?:
    | { readonly file: string; readonly className: string }
    | { readonly modules: readonly string[] };
  readonly python?: { readonly module: string; readonly className?: string };
  readonly entries: Readonly<Record<string, Entry>>;
  /** Public members of Sluice's classes that are not Spark's API: Sluice's additions, or internal ones. */
  readonly extensions?: Readonly<Record<string, string>>;
}

export const API_AREAS = {
  dataFrame: {
    title: "DataFrame",
    source:
      "PySpark's DataFrame (python/pyspark/sql/classic/dataframe.py, docs reference/pyspark.sql/dataframe.rst) with Scala's Dataset.col",
    typescript: { file: "src/engine/sql/api/DataFrame.ts", className: "DataFrame" },
    python: { module: "pyspark.sql.dataframe", className: "DataFrame" },
    entries: {
      agg: supported(),
      alias: supported(),
      approxQuantile: supported(),
      asTable: partial(
        "returns Spark 4's TableArg (partitionBy, orderBy, withSinglePartition); Sluice has no user-defined table functions and no table-valued function takes a table argument yet",
      ),
      cache: partial("nothing is cached: the call returns the same DataFrame, whose storageLevel says so"),
      checkpoint: supported(
        "the rows are kept in a table of the session's database (no RDD lineage to cut); needs sparkContext.setCheckpointDir as Spark",
      ),
      coalesce: partial("Sluice runs one partition: the call returns the same DataFrame"),
      col: supported("Scala's Dataset.col; PySpark spells it df[name]"),
      colRegex: partial(
        "a regex column stands for its matching columns in select, where Spark also expands it; Java's regex syntax as JavaScript's (possessive quantifiers included)",
      ),
      collect: supported(),
      metadataColumn: partial(
        "a file source's `_metadata`, also where the output no longer has it; not where a data column named `_metadata` hides it (UNRESOLVED_COLUMN)",
      ),
      columns: supported(),
      corr: supported(),
      count: supported(),
      cov: supported(),
      createGlobalTempView: supported(),
      createOrReplaceGlobalTempView: supported(),
      createOrReplaceTempView: supported(),
      createTempView: supported(),
      crossJoin: supported(),
      crosstab: partial("an empty string among the second column's values cannot name a column in DuckDB"),
      cube: supported(),
      describe: supported(),
      distinct: supported(),
      drop: supported(),
      dropDuplicates: supported(),
      dropDuplicatesWithinWatermark: supported(),
      drop_duplicates: supported(),
      dropna: supported(),
      dtypes: supported(),
      exceptAll: supported(),
      executionInfo: unsupported("Spark Connect only"),
      exists: supported("Spark 4's EXISTS subquery; `outer()` columns run as DuckDB correlated subqueries"),
      explain: partial(
        "Spark's modes, headers and tree form over Sluice's plan; the parsed, analyzed and optimized plans are the one analysed plan (DuckDB optimizes the SQL), columns have no #ids",
      ),
      fillna: supported(),
      filter: supported(),
      first: supported(),
      foreach: unsupported("there is no RDD API; on a stream use writeStream.foreach"),
      foreachPartition: unsupported("there is no RDD API"),
      freqItems: partial(
        "counted exactly: the items above the support, where Spark's one-pass algorithm may add false positives",
      ),
      groupBy: supported(),
      groupby: supported(),
      groupingSets: supported(),
      head: supported(),
      hint: partial("hints are accepted and ignored", { only: "typescript" }),
      inputFiles: partial("the files of the DataFrame's file sources as Sluice paths, not URIs"),
      intersect: supported(),
      intersectAll: supported(),
      isEmpty: supported(),
      isLocal: supported(),
      isStreaming: supported(),
      join: supported(),
      lateralJoin: supported("inner, cross and left; the right side's `outer()` columns read the left row"),
      limit: supported(),
      localCheckpoint: supported(
        "the rows are kept in a table of the session's database; storageLevel is accepted and ignored",
      ),
      mapInArrow: unsupported("pyarrow is not in the offline Python runtime"),
      mapInPandas: unsupported("pandas is not in the offline Python runtime"),
      melt: supported(),
      mergeInto: unsupported(),
      na: supported(),
      observe: supported(
        "a name (on a stream each batch's metrics are in its progress `observedMetrics`) or an Observation (batch DataFrames: the first action's metrics)",
      ),
      offset: supported(),
      orderBy: supported(),
      pandas_api: unsupported("pandas is not in the offline Python runtime"),
      persist: partial("nothing is cached: the call returns the same DataFrame, whose storageLevel says so"),
      plot: unsupported(),
      printSchema: supported(),
      randomSplit: supported(),
      rdd: unsupported("there is no RDD API"),
      registerTempTable: supported(),
      repartition: partial("Sluice runs one partition: the call returns the same DataFrame"),
      repartitionByRange: partial("Sluice runs one partition: the call returns the same DataFrame"),
      replace: supported(),
      rollup: supported(),
      sameSemantics: supported(),
      sample: supported("on a stream each micro-batch is sampled with the seed, as Spark does"),
      sampleBy: supported(),
      scalar: supported(
        "Spark 4's scalar subquery; SCALAR_SUBQUERY_TOO_MANY_ROWS where it returns several rows for an outer row",
      ),
      schema: supported(),
      select: supported(),
      selectExpr: supported(),
      semanticHash: partial("equal for DataFrames of the same semantics; the value is not Spark's"),
      show: supported(),
      sort: supported(),
      sortWithinPartitions: partial("Sluice runs one partition, so the whole result is sorted"),
      sparkSession: supported(),
      stat: supported(),
      storageLevel: supported("the level persist or cache asked for (nothing is kept)"),
      subtract: supported(),
      summary: supported(),
      tail: supported(),
      take: supported(),
      to: partial(
        "top-level nullability is checked and kept; nested fields take the schema's (DuckDB reports every nested field nullable)",
      ),
      toArrow: partial("an Apache Arrow Table", { only: "typescript" }),
      toDF: supported(),
      toJSON: partial("a DataFrame of one string column `value`, as Spark's Dataset[String]", {
        only: "typescript",
      }),
      toLocalIterator: supported(),
      toPandas: partial(
        "pandas is not in the offline Python runtime, so it raises PySpark's PACKAGE_NOT_INSTALLED",
        { only: "python" },
      ),
      to_pandas_on_spark: unsupported("pandas is not in the offline Python runtime"),
      transform: supported(),
      transpose: supported(),
      union: supported(),
      unionAll: supported(),
      unionByName: supported(),
      unpersist: partial("nothing is cached: the call returns the same DataFrame"),
      unpivot: supported(),
      where: supported(),
      withColumn: supported(),
      withColumnRenamed: supported(),
      withColumns: supported(),
      withColumnsRenamed: supported(),
      withMetadata: supported(),
      withWatermark: supported(),
      write: supported(),
      writeStream: supported(),
      writeTo: partial(
        "DataFrameWriterV2 over the warehouse's tables: using, option(s), tableProperty, partitionedBy (column references, no transforms), clusterBy, create, replace, createOrReplace, append, overwrite(condition), overwritePartitions",
      ),
    },
    extensions: {
      resolve:
        "Sluice: awaits a schema that is read asynchronously (a file source without a declared schema)",
      plan: "internal: the logical plan",
      derive: "internal: a DataFrame over a new plan",
      nameOf: "internal: a column's output name",
    },
  },
  column: {
    title: "Column",
    source:
      "PySpark's Column (python/pyspark/sql/classic/column.py); operators by Scala's Column method names",
    typescript: { file: "src/engine/sql/api/Column.ts", className: "Column" },
    python: { module: "pyspark.sql.column", className: "Column" },
    entries: {
      "==": supported("", { typescript: "equalTo", python: "__eq__" }),
      "!=": supported("", { typescript: "notEqual", python: "__ne__" }),
      "<": supported("", { typescript: "lt", python: "__lt__" }),
      "<=": supported("", { typescript: "leq", python: "__le__" }),
      ">": supported("", { typescript: "gt", python: "__gt__" }),
      ">=": supported("", { typescript: "geq", python: "__ge__" }),
      "&": supported("", { typescript: "and", python: "__and__" }),
      "|": supported("", { typescript: "or", python: "__or__" }),
      "~": supported("", { typescript: "not", python: "__invert__" }),
      "+": supported("", { typescript: "plus", python: "__add__" }),
      "-": supported("", { typescript: "minus", python: "__sub__" }),
      "*": supported("", { typescript: "multiply", python: "__mul__" }),
      "/": supported("", { typescript: "divide", python: "__truediv__" }),
      "%": supported("", { typescript: "mod", python: "__mod__" }),
      "unary-": supported("", { typescript: "negate", python: "__neg__" }),
      "[]": supported("", { typescript: "getItem", python: "__getitem__" }),
      ".": supported("", { typescript: "getField", python: "__getattr__" }),
      alias: supported(),
      asc: supported(),
      asc_nulls_first: supported(),
      asc_nulls_last: supported(),
      astype: supported(),
      between: supported(),
      bitwiseAND: supported(),
      bitwiseOR: supported(),
      bitwiseXOR: supported(),
      cast: supported(),
      contains: supported(),
      desc: supported(),
      desc_nulls_first: supported(),
      desc_nulls_last: supported(),
      dropFields: supported(),
      endswith: supported(),
      eqNullSafe: supported(),
      getField: supported(),
      getItem: supported(),
      ilike: supported(),
      isNaN: supported(),
      isNotNull: supported(),
      isNull: supported(),
      isin: supported(),
      like: supported(),
      name: supported(),
      otherwise: supported(),
      outer: supported(
        "Spark 4: a column of the outer query in scalar(), exists() and lateralJoin subqueries",
      ),
      over: supported(),
      rlike: supported(),
      startswith: supported(),
      substr: supported(),
      try_cast: supported(),
      when: supported(),
      withField: supported(),
    },
    extensions: {
      eq: "Sluice: short for equalTo",
      neq: "Sluice: short for notEqual",
      startsWith: "Scala's spelling of startswith",
      endsWith: "Scala's spelling of endswith",
      as: "Scala's spelling of alias",
      expr: "internal: the expression tree",
      of: "internal: a value as a Column",
      toString: "the expression as Spark prints it",
    },
  },
  naFunctions: {
    title: "DataFrameNaFunctions (df.na)",
    source: "PySpark's DataFrameNaFunctions (reference/pyspark.sql/dataframe.rst)",
    typescript: { file: "src/engine/sql/api/DataFrameNaFunctions.ts", className: "DataFrameNaFunctions" },
    python: { module: "pyspark.sql.dataframe", className: "DataFrameNaFunctions" },
    entries: each("drop fill replace", supported()),
  },
  statFunctions: {
    title: "DataFrameStatFunctions (df.stat)",
    source: "PySpark's DataFrameStatFunctions (reference/pyspark.sql/dataframe.rst)",
    typescript: { file: "src/engine/sql/api/DataFrameStatFunctions.ts", className: "DataFrameStatFunctions" },
    python: { module: "pyspark.sql.dataframe", className: "DataFrameStatFunctions" },
    entries: {
      ...each("approxQuantile corr cov sampleBy", supported()),
      ...each("bloomFilter countMinSketch", unsupported("raises PySpark's NOT_IMPLEMENTED")),
      crosstab: partial("an empty string among the second column's values cannot name a column in DuckDB"),
      freqItems: partial(
        "counted exactly: the items above the support, where Spark's one-pass algorithm may add false positives",
      ),
    },
  },
  groupedData: {
    title: "GroupedData",
    source:
      "PySpark's GroupedData (reference/pyspark.sql/grouping.rst), Scala's KeyValueGroupedDataset state operations",
    typescript: { file: "src/engine/sql/api/GroupedData.ts", className: "GroupedData" },
    python: { module: "pyspark.sql.group", className: "GroupedData" },
    entries: {
      agg: supported(),
      apply: unsupported("pandas is not in the offline Python runtime"),
      applyInArrow: unsupported("pyarrow is not in the offline Python runtime"),
      applyInPandas: unsupported("pandas is not in the offline Python runtime"),
      applyInPandasWithState: partial(
        "with plain rows for pandas frames; Python cells raise PySpark's NOT_IMPLEMENTED (no pandas)",
        { only: "typescript" },
      ),
      avg: supported(),
      cogroup: unsupported(),
      count: supported(),
      max: supported(),
      mean: supported(),
      min: supported(),
      pivot: supported(),
      sum: supported(),
      transformWithStateInPandas: partial(
        "with plain rows for pandas frames; initialState a grouped batch DataFrame",
        {
          only: "typescript",
        },
      ),
      flatMapGroupsWithState: partial(
        "Scala's KeyValueGroupedDataset operation, on GroupedData; initialState a grouped batch DataFrame; on batch DataFrames too (once per group, state not kept)",
        {
          only: "typescript",
        },
      ),
      mapGroupsWithState: partial(
        "Scala's KeyValueGroupedDataset operation, on GroupedData; initialState a grouped batch DataFrame; on batch DataFrames too (once per group, state not kept)",
        {
          only: "typescript",
        },
      ),
      transformWithState: partial(
        "Scala's KeyValueGroupedDataset operation, on GroupedData: value, list and map state, timers, getHandle, Spark's handle-state and restart checks, deleteIfExists, initialState (a grouped batch DataFrame; handleInitialState in the first batch), eventTimeColumnName (the output column carries the watermark to the operators after); no TTLConfig or batch DataFrames",
        { only: "typescript" },
      ),
    },
    extensions: {
      df: "internal: the grouped DataFrame",
      groupingExprs: "internal: the grouping expressions",
      groupingSets: "internal: cube, rollup or grouping sets, as indices into the grouping expressions",
      pivotSpec: "internal: the pivot column and values",
    },
  },
  dataFrameReader: {
    title: "DataFrameReader (spark.read)",
    source: "PySpark's DataFrameReader (reference/pyspark.sql/io.rst)",
    typescript: { file: "src/engine/session/DataFrameReader.ts", className: "DataFrameReader" },
    python: { module: "pyspark.sql.readwriter", className: "DataFrameReader" },
    entries: {
      csv: supported(),
      format: supported(),
      jdbc: unsupported("no database connections from the browser"),
      json: supported(),
      load: supported("in Python cells, paths are the files open(), os and tempfile see"),
      option: supported(),
      options: supported(),
      orc: unsupported("DuckDB-WASM reads no ORC"),
      parquet: supported(),
      schema: supported(),
      table: supported(),
      text: supported(),
      xml: supported(),
    },
    extensions: {},
  },
  dataFrameWriter: {
    title: "DataFrameWriter (df.write)",
    source: "PySpark's DataFrameWriter (reference/pyspark.sql/io.rst)",
    typescript: { file: "src/engine/session/DataFrameWriter.ts", className: "DataFrameWriter" },
    python: { module: "pyspark.sql.readwriter", className: "DataFrameWriter" },
    entries: {
      bucketBy: unsupported("bucketed tables need Hive-style buckets Sluice does not write"),
      clusterBy: supported(),
      csv: supported(),
      format: supported(),
      insertInto: supported(),
      jdbc: unsupported("no database connections from the browser"),
      json: supported(),
      mode: supported(),
      option: supported(),
      options: supported(),
      orc: unsupported("DuckDB-WASM writes no ORC"),
      parquet: supported(),
      partitionBy: supported(),
      save: supported("in Python cells, the files written are there for open() and os.listdir"),
      saveAsTable: supported(),
      sortBy: unsupported("goes with bucketBy"),
      text: supported(),
      xml: supported(),
    },
    extensions: {},
  },
  dataStreamReader: {
    title: "DataStreamReader (spark.readStream)",
    source: "PySpark's DataStreamReader (reference/pyspark.ss/io.rst)",
    typescript: { file: "src/engine/session/DataStreamReader.ts", className: "DataStreamReader" },
    python: { module: "pyspark.sql.streaming.readwriter", className: "DataStreamReader" },
    entries: {
      csv: supported(),
      format: supported(),
      json: supported(),
      load: supported("in Python cells, paths are the files open(), os and tempfile see"),
      name: partial(
        "validates the name as Spark 4.2 does; sources are still identified by position in the checkpoint",
      ),
      option: supported(),
      options: supported(),
      orc: unsupported("DuckDB-WASM reads no ORC"),
      parquet: supported(),
      schema: supported(),
      table: supported(),
      text: supported(),
      xml: supported(),
    },
    extensions: {},
  },
  dataStreamWriter: {
    title: "DataStreamWriter (df.writeStream)",
    source: "PySpark's DataStreamWriter (reference/pyspark.ss/io.rst)",
    typescript: { file: "src/engine/session/DataStreamWriter.ts", className: "DataStreamWriter" },
    python: { module: "pyspark.sql.streaming.readwriter", className: "DataStreamWriter" },
    entries: {
      clusterBy: supported(),
      foreach: supported(),
      foreachBatch: supported(),
      format: supported(),
      option: supported(),
      options: supported(),
      outputMode: supported(),
      partitionBy: supported(),
      queryName: supported(),
      start: supported("in Python cells, a file sink's output is there for open() and os.listdir"),
      toTable: supported(),
      trigger: supported(),
    },
    extensions: {},
  },
  sparkSession: {
    title: "SparkSession",
    source: "PySpark's SparkSession (reference/pyspark.sql/spark_session.rst)",
    typescript: { file: "src/engine/session/SparkSession.ts", className: "SparkSession" },
    python: { module: "pyspark.sql.session", className: "SparkSession" },
    entries: {
      active: supported(),
      builder: supported(),
      catalog: supported(),
      conf: supported(),
      createDataFrame: supported(),
      dataSource: supported(
        "Python data sources (pyspark.sql.datasource); in TypeScript, UserDefinedDataSource objects",
      ),
      getActiveSession: supported(),
      newSession: supported(
        "its own conf, temporary views, functions and queries; tables and global temporary views shared, as Spark's SharedState",
      ),
      range: supported(),
      read: supported(),
      readStream: supported(),
      sparkContext: partial(
        "appName, master, defaultParallelism, setCheckpointDir, getCheckpointDir (and in Python version, setLogLevel); no RDDs",
      ),
      sql: supported(),
      stop: supported(),
      streams: supported(),
      table: supported(),
      udf: supported(),
      udtf: unsupported("no user-defined table functions"),
      version: supported(),
      addArtifact: unsupported("Spark Connect only"),
      addArtifacts: unsupported("Spark Connect only"),
      copyFromLocalToFs: unsupported("Spark Connect only"),
      client: unsupported("Spark Connect only"),
      interruptAll: unsupported("Spark Connect only"),
      interruptTag: unsupported("Spark Connect only"),
      interruptOperation: unsupported("Spark Connect only"),
      addTag: unsupported("Spark Connect only"),
      removeTag: unsupported("Spark Connect only"),
      getTags: unsupported("Spark Connect only"),
      clearTags: unsupported("Spark Connect only"),
    },
    extensions: {
      analyzer: "internal",
      activeQueriesOfAllSessions: "internal: the active queries of the sessions sharing state (newSession)",
      sessionCatalog: "internal",
      files: "Sluice: the session's file system",
      clock: "Sluice: the session's clock (a ManualClock in tests)",
      db: "internal: the DuckDB handle",
      fs: "internal: the file system",
      platform: "internal",
      cloneSession: "internal",
      isStopped: "internal",
      setOutput: "internal: where console output goes",
      write: "internal",
      commands: "internal",
      parseSchema: "internal: a DDL schema string as a StructType",
      parseExpression: "internal",
      newStreamWriter: "internal",
      newBatchWriter: "internal",
      newWriterV2: "internal",
      execute: "internal",
      executeRows: "internal",
      executeCount: "internal",
    },
  },
  builder: {
    title: "SparkSession.builder",
    source: "PySpark's SparkSession.builder (reference/pyspark.sql/spark_session.rst)",
    typescript: { file: "src/engine/session/Builder.ts", className: "Builder" },
    python: { module: "pyspark.sql.session", className: "_Builder" },
    entries: {
      appName: supported(),
      config: supported(),
      enableHiveSupport: partial("accepted and ignored (there is no Hive metastore)", { only: "python" }),
      getOrCreate: supported(),
      master: supported(),
      remote: partial("accepted and ignored (the engine runs in the page)", { only: "python" }),
      create: supported(),
    },
    extensions: {
      platform: "Sluice: the platform (Node or the browser)",
      clock: "Sluice: the session's clock",
    },
  },
  runtimeConfig: {
    title: "RuntimeConfig (spark.conf)",
    source: "PySpark's RuntimeConfig (reference/pyspark.sql.conf.RuntimeConfig.rst)",
    typescript: { file: "src/engine/session/RuntimeConfig.ts", className: "RuntimeConfig" },
    python: { module: "pyspark.sql.conf", className: "RuntimeConfig" },
    entries: {
      get: supported(),
      getAll: supported(
        "with Spark's defaults of the keys the engine reads; a property in Python, as PySpark 4",
      ),
      isModifiable: supported(),
      set: supported(),
      unset: supported(),
    },
    extensions: {
      clone: "internal",
      getOption: "internal",
      getNumber: "internal",
      getBoolean: "internal",
    },
  },
  streamingQuery: {
    title: "StreamingQuery",
    source: "PySpark's StreamingQuery (reference/pyspark.ss/query_management.rst)",
    typescript: { file: "src/engine/streaming/runtime/StreamingQuery.ts", className: "StreamingQuery" },
    python: { module: "pyspark.sql.streaming.query", className: "StreamingQuery" },
    entries: {
      awaitTermination: supported(),
      exception: supported(),
      explain: partial(
        "the last batch's plan in Spark's layout (MicroBatchScan, StateStoreRestore/Save for aggregations); other stateful operators and whole-stage codegen are not shown",
      ),
      id: supported(),
      isActive: supported(),
      lastProgress: supported(
        "Python: PySpark 4's StreamingQueryProgress; TypeScript: an object with Spark's fields",
      ),
      name: supported(),
      processAllAvailable: supported(),
      recentProgress: supported(
        "Python: PySpark 4's StreamingQueryProgress objects; TypeScript: objects with Spark's fields",
      ),
      runId: supported(),
      status: supported(),
      stop: supported(),
    },
    extensions: {
      sparkSession: "Scala's StreamingQuery.sparkSession",
      checkpointLocation: "Sluice: where the query checkpoints",
      sinkDescription: "internal",
      explainInternal:
        "Spark's own name for what explain prints (StreamingQuerySuite calls it); PySpark's explain prints it",
      lastExecution:
        "Scala's StreamExecution.lastExecution: the last batch's plan and each stateful operator's watermarks (Spark's suites read them)",
      latestInput: "internal: the notebook's rows of the last batch",
      latestOutput: "internal: the notebook's rows of the last batch",
      latestBatchRows: "internal: the last batch's rows a stopped run keeps, freed when it runs again",
      batch: "Sluice: what batch n did, read back (batch history)",
      batchIds: "Sluice: the batches batch(n) can read",
      waitingFor: "Sluice: what the output is waiting for",
      terminate: "internal",
      toJSON: "internal",
      toString: "internal",
    },
  },
  streamingQueryManager: {
    title: "StreamingQueryManager (spark.streams)",
    source: "PySpark's StreamingQueryManager (reference/pyspark.ss/query_management.rst)",
    typescript: { file: "src/engine/session/StreamingQueryManager.ts", className: "StreamingQueryManager" },
    python: { module: "pyspark.sql.streaming.query", className: "StreamingQueryManager" },
    entries: {
      active: supported(),
      addListener: supported(),
      awaitAnyTermination: supported(),
      get: supported(),
      removeListener: supported(),
      resetTerminated: supported(),
    },
    extensions: {
      sparkSession: "internal",
      stopAll: "internal",
      startQuery: "internal: what writeStream.start() runs",
      startParamsOf: "internal: what a query was started with (Compare output modes runs it again)",
      listListeners: "Spark's Scala API: the listeners added and not removed",
      history: "Sluice: a stopped query's batch history, from its checkpoint",
      register: "internal",
      terminated: "internal",
      postStarted: "internal",
      postProgress: "internal",
      postIdle: "internal",
      postTerminated: "internal",
    },
  },
  catalog: {
    title: "Catalog (spark.catalog)",
    source: "PySpark's Catalog (reference/pyspark.sql/catalog.rst)",
    typescript: { file: "src/engine/session/Catalog.ts", className: "Catalog" },
    python: { module: "pyspark.sql.catalog", className: "Catalog" },
    entries: {
      analyzeTable: supported("size in bytes and, without noScan, rows; shown by DESCRIBE TABLE EXTENDED"),
      cacheTable: partial("marks the table as cached (isCached says so); nothing is kept in memory"),
      clearCache: supported(),
      createDatabase: supported(),
      createExternalTable: supported(),
      createTable: supported(),
      currentCatalog: supported(),
      currentDatabase: supported(),
      databaseExists: supported(),
      dropDatabase: supported(),
      dropGlobalTempView: supported(),
      dropTable: supported(),
      dropTempView: supported(),
      dropView: supported(),
      functionExists: supported(
        "Spark's built-in functions and spark.udf's; Sluice has no persistent functions",
      ),
      getCreateTableString: partial("asSerde (Hive DDL) is not supported"),
      getDatabase: supported(),
      getFunction: partial(
        "built-in and temporary functions; Sluice has no usage text (description is null) and className names the kind of function",
      ),
      getTable: supported(),
      getTableProperties: supported(),
      isCached: supported(),
      listCatalogs: supported("spark_catalog, the only catalog"),
      listColumns: supported(),
      listDatabases: supported(),
      listFunctions: partial(
        "Spark's built-in function names and spark.udf's; no operators, no usage text (description is null)",
      ),
      listPartitions: supported(),
      listTables: supported(),
      listViews: supported(),
      recoverPartitions: supported(),
      refreshByPath: supported("files are listed at each query anyway"),
      refreshTable: supported("files are listed at each query anyway"),
      registerFunction: partial("deprecated in PySpark: use spark.udf.register", { only: "python" }),
      setCurrentCatalog: supported("spark_catalog, the only catalog"),
      setCurrentDatabase: supported(),
      tableExists: supported(),
      truncateTable: supported(),
      uncacheTable: supported(),
    },
    extensions: {},
  },
  window: {
    title: "Window",
    source: "PySpark's Window (reference/pyspark.sql/window.rst)",
    typescript: { file: "src/engine/sql/api/Window.ts", className: "Window" },
    python: { module: "pyspark.sql.window", className: "Window" },
    entries: {
      ...each(
        "currentRow orderBy partitionBy rangeBetween rowsBetween unboundedFollowing unboundedPreceding",
        supported(),
      ),
    },
  },
  windowSpec: {
    title: "WindowSpec",
    source: "PySpark's WindowSpec (reference/pyspark.sql/window.rst)",
    typescript: { file: "src/engine/sql/api/Window.ts", className: "WindowSpec" },
    python: { module: "pyspark.sql.window", className: "WindowSpec" },
    entries: {
      ...each("orderBy partitionBy rangeBetween rowsBetween", supported()),
    },
    extensions: {
      partitionExprs: "internal: the partitioning expressions",
      orderExprs: "internal: the ordering",
      frame: "internal: the frame",
    },
  },
  udfRegistration: {
    title: "UDFRegistration (spark.udf)",
    source: "PySpark's UDFRegistration (reference/pyspark.sql/udf.rst)",
    typescript: { file: "src/engine/sql/udf/UDFRegistration.ts", className: "UDFRegistration" },
    python: { module: "pyspark.sql.udf", className: "UDFRegistration" },
    entries: {
      register: supported("TypeScript functions and Python functions, callable from SQL and expr()"),
      registerJavaFunction: unsupported("there is no JVM: raises CANNOT_LOAD_FUNCTION_CLASS"),
      registerJavaUDAF: unsupported("there is no JVM: raises CANNOT_LOAD_FUNCTION_CLASS"),
    },
    extensions: {
      lookup: "internal: a registered function by name",
      registeredNames: "internal: the registered names (listFunctions, SHOW FUNCTIONS)",
    },
  },
  dataSourceRegistration: {
    title: "DataSourceRegistration (spark.dataSource)",
    source: "PySpark's DataSourceRegistration (python/pyspark/sql/datasource.py)",
    typescript: { file: "src/engine/session/DataSourceRegistration.ts", className: "DataSourceRegistration" },
    python: { module: "pyspark.sql.datasource", className: "DataSourceRegistration" },
    entries: {
      register: supported(
        "batch reads (all partitions read when load() plans the read) and streaming reads (DataSourceStreamReader, SimpleDataSourceStreamReader, admission control); DataSourceWriter and DataSourceStreamWriter (a batch written as one partition); rows as tuples or Rows, no pyarrow",
      ),
      sparkSession: supported("the session it registers in", { only: "python" }),
    },
    extensions: {
      lookup: "internal: the source registered under a name",
      dataSourceExists: "internal: whether a name is registered (Spark's DataSourceManager.dataSourceExists)",
    },
  },
  userDefinedFunction: {
    title: "UserDefinedFunction (udf(...))",
    source: "PySpark's udf.UserDefinedFunction (reference/pyspark.sql/udf.rst)",
    typescript: { file: "src/engine/sql/udf/UserDefinedFunction.ts", className: "UserDefinedFunction" },
    python: { module: "pyspark.sql.udf", className: "UserDefinedFunction" },
    entries: {
      asNondeterministic: supported(),
      returnType: supported(),
      func: supported(),
      deterministic: supported(),
      evalType: partial("PySpark's SQL_BATCHED_UDF", { only: "python" }),
      asNonNullable: partial("Scala's UserDefinedFunction.asNonNullable", { only: "typescript" }),
      withName: partial("Scala's UserDefinedFunction.withName", { only: "typescript" }),
    },
    extensions: { spec: "internal: what the function's Columns call" },
  },
  functions: {
    title: "pyspark.sql.functions",
    source:
      "PySpark's functions reference (python/docs/source/reference/pyspark.sql/functions.rst), less its groups added after Spark 4.0 (datasketches, geospatial, vectors)",
    typescript: { modules: ["src/engine/sql/api/functions.ts"] },
    python: { module: "pyspark.sql.functions" },
    entries: {
      ...each(
        `
        broadcast col column lit expr coalesce ifnull nanvl nullif nvl nvl2 when equal_null isnan isnotnull
        isnull regexp_like asc asc_nulls_first asc_nulls_last desc desc_nulls_first desc_nulls_last abs acos
        asin atan atan2 bround cbrt ceil ceiling cos cosh degrees exp expm1 factorial floor greatest hex least
        ln log log10 log1p log2 negative pmod positive pow power radians  rint round sign signum sin sinh
        sqrt tan tanh ascii base64 bit_length char_length concat_ws contains endswith format_string initcap
        instr left length levenshtein locate lower lpad ltrim octet_length printf regexp_extract
        regexp_extract_all regexp_replace repeat replace right rpad rtrim split split_part startswith substring
        substring_index translate trim unbase64 upper bit_count add_months current_date current_timestamp
        date_add date_format date_from_unix_date date_part date_sub date_trunc datediff dayofmonth dayofweek
        dayofyear from_unixtime hour last_day make_date minute month quarter second session_window
        timestamp_micros timestamp_millis timestamp_seconds to_date to_timestamp trunc try_to_timestamp
        try_to_date try_make_timestamp try_make_timestamp_ltz
        unix_date unix_micros unix_millis unix_seconds unix_timestamp weekday weekofyear window year hash md5
        sha1 sha2 aggregate array_sort cardinality concat element_at exists filter forall reduce reverse size
        transform array array_append array_compact array_contains array_distinct array_except array_intersect
        array_join array_max array_min array_position array_remove array_repeat array_size array_union
        arrays_overlap flatten sequence  slice sort_array named_struct struct create_map map_contains_key
        map_entries map_from_arrays map_from_entries map_keys map_values any_value approx_count_distinct
        array_agg avg bit_and bit_or bit_xor bool_and bool_or collect_list collect_set corr count count_distinct
        count_if covar_pop covar_samp every first first_value last last_value max max_by mean median min min_by
        mode percentile percentile_approx product some stddev stddev_pop stddev_samp sum sum_distinct var_pop
        var_samp variance cume_dist dense_rank lag lead ntile percent_rank rank row_number explode explode_outer
        inline inline_outer posexplode posexplode_outer from_json get_json_object to_json
        monotonically_increasing_id spark_partition_id uuid call_udf udf countDistinct sumDistinct
        approxCountDistinct callUDF grouping grouping_id
        `,
        supported(),
      ),
      ...each(
        `
        ilike like regexp rlike acosh asinh atanh bin cot csc e hypot pi sec try_add try_divide try_mod try_multiply
        try_subtract unhex width_bucket btrim char character_length chr find_in_set format_number is_valid_utf8 lcase
        make_valid_utf8 overlay position regexp_count regexp_substr substr try_validate_utf8 ucase validate_utf8
        shiftleft shiftright curdate current_timezone date_diff dateadd datepart day dayname
        make_timestamp make_timestamp_ltz monthname months_between now to_timestamp_ltz to_unix_timestamp window_time
        sha try_element_at array_prepend get map_concat approx_percentile kurtosis regr_avgx regr_avgy regr_count
        regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy skewness std raise_error typeof assert_true
        `,
        supported(),
      ),
      localtimestamp: supported(),
      ...each("rand randn random shuffle", partial(SEEDED_NOTE)),
      arrays_zip: partial(
        "a field name Spark repeats (arrays_zip(a, a)) is made unique (a, a_1): DuckDB's structs cannot repeat one",
      ),
      ...each("map_filter transform_keys transform_values zip_with", supported()),
      // issue 11: try aggregates and percentiles
      ...each("try_avg try_sum", supported()),
      nth_value: supported(),
      // JSON text functions (issue 11)
      ...each("json_array_length json_object_keys", supported()),
      json_tuple: partial(JSON_TUPLE_NOTE),
      schema_of_json: partial(SCHEMA_OF_JSON_NOTE),
      // URL functions and str_to_map (issue 11)
      ...each("url_encode url_decode try_url_decode", supported()),
      ...each("parse_url try_parse_url", partial(PARSE_URL_NOTE)),
      str_to_map: partial(STR_TO_MAP_NOTE),
      // CSV text functions (issue 11)
      from_csv: partial(FROM_CSV_NOTE),
      schema_of_csv: partial(SCHEMA_OF_CSV_NOTE),
      ...each("from_utc_timestamp to_utc_timestamp", partial(TIME_ZONE_NOTE)),
      // issue 11: number formats (numberFormat.ts)
      ...each("to_number try_to_number to_char to_varchar", supported()),
      // issue 11: strings (textFunctions.ts)
      ...each("soundex quote", supported()),
      mask: partial(MASK_NOTE),
      regexp_instr: partial(REGEXP_INSTR_NOTE),
      sentences: partial(SENTENCES_NOTE),
      ...each("uniform randstr", partial(SEEDED_NOTE)),
      // issue 11: hash functions (hashFunctions.ts)
      ...each("xxhash64 crc32", supported()),
      // issue 11: bit and number functions (bitFunctions.ts)
      ...each("bit_get getbit bitwise_not shiftrightunsigned nullifzero zeroifnull negate", supported()),
      conv: partial(CONV_NOTE),
      // issue 11: to_binary, try_to_binary (binaryFunctions.ts)
      ...each("to_binary try_to_binary", partial(TO_BINARY_NOTE)),
      jaro_winkler_similarity: unsupported(
        "not a Spark function: Spark's FunctionRegistry and pyspark.sql.functions have no jaro_winkler_similarity",
      ),
      // ---- issue 11: datetime functions (timeFunctions.ts)
      convert_timezone: partial(TIME_ZONE_NOTE),
      ...each("extract date_part datepart", supported()),
      ...each("timestamp_add timestamp_diff", supported()),
      to_timestamp_ntz: partial(NTZ_NOTE),
      ...each("make_timestamp_ntz try_make_timestamp_ntz", supported()),
      decode: partial("the UTF-8 character set only"),
      encode: partial("the UTF-8 character set only"),
      elt: partial("an index out of range is null, where Spark's ANSI mode raises INVALID_ARRAY_INDEX"),
      next_day: partial("an unknown day name is null, where Spark's ANSI mode raises ILLEGAL_DAY_OF_WEEK"),
      input_file_name: supported(
        "the file's `file://` URI over a file source, as `_metadata.file_path`; '' elsewhere",
      ),
      input_file_block_length: supported("the file's size (one block per file); -1 where no file is read"),
      input_file_block_start: supported("0 (one block per file); -1 where no file is read"),
      ...each(
        `
        call_function current_catalog current_database current_schema current_user session_user user version
        `,
        partial("", { only: "typescript" }),
      ),
      ...each(
        "counter_diff variant_array_append variant_delete variant_strip_nulls variant_insert try_variant_insert variant_set",
        unsupported(),
      ),
      // ---- issue 11: Spark 4's VARIANT (variantFunctions.ts, variantValues.ts)
      ...each(
        "parse_json try_parse_json is_variant_null schema_of_variant schema_of_variant_agg",
        supported(),
      ),
      ...each("variant_get try_variant_get", partial(VARIANT_GET_NOTE)),
      collate: partial(
        "UTF8_BINARY, UTF8_LCASE, UNICODE and UNICODE_CI (also as `string collate <name>` types in casts and DDL strings, and SQL's `expr COLLATE name`): UTF8_LCASE and UNICODE_CI compare, group and are distinct without case (DuckDB's NOCASE); UNICODE orders by code point (no ICU offline); locale collations (en_US...) and modifiers (_AI, _RTRIM) are not available; a collation is kept through select, filter, groupBy and distinct, not through joins or unions. A collated string other than UTF8_BINARY as a streaming state key fails with STATE_STORE_UNSUPPORTED_OPERATION_BINARY_INEQUALITY, as on Spark",
      ),
      collation: supported(),
      // ---- issue 11: stack, array_insert, map_zip_with (collectionExtras.ts)
      ...each("stack array_insert map_zip_with", supported()),
      // ---- issue 11: listagg, string_agg (listaggFunctions.ts)
      ...each("listagg listagg_distinct string_agg string_agg_distinct", partial(LISTAGG_NOTE)),
      // ---- issue 11: to_csv (toCsv.ts)
      to_csv: partial(TO_CSV_NOTE),
      ...each("make_dt_interval make_ym_interval make_interval try_make_interval", partial(INTERVAL_NOTE)),
      // ---- issue 11: XPath (xml/xpathFunctions.ts)
      ...each(
        "xpath xpath_boolean xpath_double xpath_float xpath_int xpath_long xpath_number xpath_short xpath_string",
        supported(),
      ),
      // ---- issue 11: XML (xml/xmlFunctions.ts)
      from_xml: partial(FROM_XML_NOTE),
      to_xml: partial(TO_XML_NOTE),
      schema_of_xml: supported(),
      // ---- issue 11: AES (crypto/aesFunctions.ts)
      ...each("aes_encrypt aes_decrypt try_aes_decrypt", supported()),
      pandas_udf: unsupported(
        "pandas is not in the offline Python runtime: raises PySpark's PACKAGE_NOT_INSTALLED; use udf",
      ),
      ...each(
        `
        current_time
        make_time
        timestamp_nanos time_bucket time_diff time_from_micros time_from_millis time_from_seconds time_to_micros
        time_to_millis time_to_seconds time_trunc to_time
        try_to_time unix_nanos
        bitmap_construct_agg bitmap_or_agg count_min_sketch histogram_numeric
        hll_sketch_agg hll_union_agg
        is_valid_variant to_variant_object
        bitmap_bit_position bitmap_bucket_number
        bitmap_count java_method reflect try_reflect hll_sketch_estimate hll_union udtf unwrap_udt
        `,
        unsupported(),
      ),
    },
  },
  streaming: {
    title: "pyspark.sql.streaming",
    source: "pyspark.sql.streaming.__all__",
    python: { module: "pyspark.sql.streaming" },
    entries: {
      DataStreamReader: supported(),
      DataStreamWriter: supported(),
      StreamingQuery: supported(),
      StreamingQueryManager: supported(),
      StreamingQueryListener: supported(),
      StreamingQueryException: supported(),
      ...each(
        "StatefulProcessor StatefulProcessorHandle",
        partial("can be written and imported; transformWithStateInPandas raises NOT_IMPLEMENTED (no pandas)"),
      ),
    },
  },
  streamingState: {
    title: "pyspark.sql.streaming.state",
    source: "pyspark.sql.streaming.state.__all__ (python/pyspark/sql/streaming/state.py)",
    python: { module: "pyspark.sql.streaming.state" },
    entries: {
      GroupState: supported(
        "PySpark's pure-Python state object (value, timeouts with interval strings, PySpark's errors); applyInPandasWithState, which would pass it, needs pandas",
      ),
      GroupStateTimeout: supported(),
    },
  },
  testingStreaming: {
    title: "pyspark.testing.streaming",
    source: "pyspark.testing.streaming.__all__ (python/pyspark/testing/streaming)",
    python: { module: "pyspark.testing.streaming" },
    entries: {
      MemoryStream: supported("over the engine's MemoryStream"),
    },
  },
  testingUtils: {
    title: "pyspark.testing.utils",
    source: "pyspark.testing.utils (python/pyspark/testing/utils.py)",
    python: { module: "pyspark.testing.utils" },
    entries: {
      PySparkErrorTestUtils: supported("check_error"),
    },
  },
  streamingListener: {
    title: "StreamingQueryListener and progress objects",
    source: "pyspark.sql.streaming.listener (python/pyspark/sql/streaming/listener.py)",
    typescript: {
      modules: [
        "src/engine/streaming/runtime/StreamingQueryListener.ts",
        "src/engine/streaming/runtime/progress.ts",
      ],
    },
    python: { module: "pyspark.sql.streaming.listener" },
    entries: {
      StreamingQueryListener: supported(
        "TypeScript: an object with onQueryStarted / onQueryProgress / onQueryIdle / onQueryTerminated",
      ),
      ...each(
        "QueryStartedEvent QueryProgressEvent QueryIdleEvent QueryTerminatedEvent",
        supported(
          "json and fromJson as Spark's event log; jobTags is the session's tags as Spark's, empty for a query started without tags (Sluice has no addTag, so always empty)",
        ),
      ),
      ...each(
        "StreamingQueryProgress StateOperatorProgress SourceProgress SinkProgress",
        supported(
          "Python: PySpark 4's dict subclasses (attributes, json, prettyJson); TypeScript: objects with Spark's json, prettyJson and toString (an observed metric of a double column is written as Spark writes a double: 3.0)",
        ),
      ),
    },
    extensions: {
      StreamingQueryStatus: "query.status, with Spark's fields",
      progressToJSON: "internal: a progress as Spark's JSON",
      progressFromJSON: "internal: a progress read back from its JSON (QueryProgressEvent.fromJson)",
      sparkJson: "internal: what a progress's or status's json is",
      sparkPrettyJson: "internal: what a progress's or status's prettyJson is",
      withSparkJson: "internal: gives a progress or status its json, prettyJson and toString",
      SparkJson: "the type of a progress's or status's json and prettyJson",
      ProgressTrigger: "the type of a progress's trigger (PySpark master's StreamingQueryProgress.trigger)",
    },
  },
} satisfies Record<string, ApiArea>;

/** The options of one data source, from Spark's docs, and the engine files that read them. */
export interface OptionArea {
  readonly title: string;
  /** Where the engine reads these options (the test looks for each supported option's name there). */
  readonly readBy: readonly string[];
  readonly entries: Readonly<Record<string, Entry>>;
}

export const OPTION_AREAS = {
  generic: {
    title: "Generic file source options (docs/sql-data-sources-generic-options.md)",
    readBy: [
      "src/engine/session/dataFiles.ts",
      "src/engine/io/DataFileReader.ts",
      "src/engine/io/FileIO.ts",
      "src/engine/io/ListingCache.ts",
      "src/engine/session/DataFrameReader.ts",
      "src/engine/session/DataStreamReader.ts",
      "src/engine/sources/FileStreamSource.ts",
      "src/engine/sources/FileStreamOptions.ts",
      "src/engine/sql/analysis/AddMetadataColumns.ts",
    ],
    entries: {
      _metadata: supported(
        "the hidden file metadata column (file_path, file_name, file_size, file_block_start, file_block_length, file_modification_time, and row_index for Parquet), not in `*`",
      ),
      ignoreCorruptFiles: partial(
        "batch and streaming: a file that cannot be read (corrupt Parquet, a broken compressed stream) is skipped with a warning; the option only, not the spark.sql.files.ignoreCorruptFiles conf",
      ),
      ignoreMissingFiles: partial(
        "batch and streaming: a listed file gone when read is skipped; the option only, not the spark.sql.files.ignoreMissingFiles conf (Sluice lists a batch read's files when it runs)",
      ),
      pathGlobFilter: supported(),
      recursiveFileLookup: supported(),
      modifiedBefore: supported(),
      modifiedAfter: supported(),
      basePath: supported(),
    },
  },
  csv: {
    title: "CSV (docs/sql-data-sources-csv.md)",
    readBy: [
      "src/engine/io/CsvFileFormat.ts",
      "src/engine/io/FileFormat.ts",
      "src/engine/io/PartFileWriter.ts",
    ],
    entries: {
      sep: supported("read/write"),
      delimiter: supported("read/write"),
      extension: unsupported("write"),
      encoding: partial(
        "read: any charset the browser decodes (UTF-16 and UTF-32 as Java reads them); write: UTF-8, UTF-16(BE/LE), UTF-32(BE/LE), ISO-8859-1 and US-ASCII only (the browser encodes no other charset)",
      ),
      charset: partial(
        "read: any charset the browser decodes (UTF-16 and UTF-32 as Java reads them); write: UTF-8, UTF-16(BE/LE), UTF-32(BE/LE), ISO-8859-1 and US-ASCII only (the browser encodes no other charset)",
      ),
      quote: supported("read/write"),
      quoteAll: supported("write"),
      escape: supported("read/write"),
      escapeQuotes: supported("write"),
      comment: supported("read"),
      header: supported("read/write"),
      inferSchema: supported("read"),
      preferDate: supported("read"),
      enforceSchema: supported("read"),
      ignoreLeadingWhiteSpace: supported("read/write"),
      ignoreTrailingWhiteSpace: supported("read/write"),
      nullValue: supported("read/write"),
      nanValue: supported("read"),
      positiveInf: supported("read"),
      negativeInf: supported("read"),
      dateFormat: supported("read/write"),
      timestampFormat: supported("read/write"),
      timestampNTZFormat: unsupported("read/write"),
      enableDateTimeParsingFallback: unsupported("read"),
      maxColumns: partial("read: checked when the schema is inferred"),
      maxCharsPerColumn: supported("read; a longer value fails the read with univocity's message"),
      mode: supported("read"),
      columnNameOfCorruptRecord: supported("read"),
      multiLine: supported(
        "read; false (the default) reads every line as a record, so a line break inside quotes ends it, as Spark",
      ),
      charToEscapeQuoteEscaping: supported("read/write"),
      samplingRatio: partial(
        "read: checked (above 0) as Spark; inference reads every record where Spark samples them",
      ),
      emptyValue: supported('read/write; on read, what a quoted empty field ("") becomes'),
      locale: unsupported("read"),
      lineSep: supported("read/write; at most 2 characters, as Spark"),
      unescapedQuoteHandling: supported(
        "read: STOP_AT_DELIMITER (default), BACK_TO_DELIMITER, STOP_AT_CLOSING_QUOTE, SKIP_VALUE, RAISE_ERROR, as univocity",
      ),
      compression: partial(
        "gzip (.gz), deflate (.deflate), none/uncompressed, written and read back by file suffix; bzip2, lz4 and snappy raise CODEC_NOT_AVAILABLE (no such codec in the browser)",
      ),
      codec: partial(
        "gzip (.gz), deflate (.deflate), none/uncompressed, written and read back by file suffix; bzip2, lz4 and snappy raise CODEC_NOT_AVAILABLE (no such codec in the browser)",
      ),
      timeZone: unsupported("read/write"),
    },
  },
  json: {
    title: "JSON (docs/sql-data-sources-json.md)",
    readBy: [
      "src/engine/io/JsonFileFormat.ts",
      "src/engine/io/FileFormat.ts",
      "src/engine/io/PartFileWriter.ts",
    ],
    entries: {
      timeZone: unsupported("read/write"),
      primitivesAsString: supported("read"),
      prefersDecimal: unsupported("read"),
      allowComments: supported("read"),
      allowUnquotedFieldNames: supported("read"),
      allowSingleQuotes: supported("read"),
      allowNumericLeadingZero: supported("read"),
      allowBackslashEscapingAnyCharacter: supported("read"),
      mode: supported("read"),
      columnNameOfCorruptRecord: supported("read"),
      dateFormat: supported("read (a declared date or timestamp field)/write"),
      timestampFormat: supported("read (a declared date or timestamp field)/write"),
      multiLine: supported("read"),
      allowUnquotedControlChars: supported("read"),
      encoding: partial(
        "read: any charset the browser decodes (UTF-16 and UTF-32 as Java reads them); write: UTF-8, UTF-16(BE/LE), UTF-32(BE/LE), ISO-8859-1 and US-ASCII only (the browser encodes no other charset)",
      ),
      lineSep: supported("read/write"),
      samplingRatio: partial(
        "read: checked (above 0) as Spark; inference reads every record where Spark samples them",
      ),
      dropFieldIfAllNull: supported("read"),
      locale: unsupported("read"),
      allowNonNumericNumbers: unsupported("read"),
      compression: partial(
        "gzip (.gz), deflate (.deflate), none/uncompressed, written and read back by file suffix; bzip2, lz4 and snappy raise CODEC_NOT_AVAILABLE (no such codec in the browser)",
      ),
      ignoreNullFields: partial(
        "write; with false a null column is written as null, null fields of nested structs are still left out",
      ),
    },
  },
  text: {
    title: "Text (docs/sql-data-sources-text.md)",
    readBy: ["src/engine/io/*.ts", "src/engine/session/dataFiles.ts"],
    entries: {
      wholetext: supported("read"),
      lineSep: supported("read/write"),
      compression: partial(
        "gzip (.gz), deflate (.deflate), none/uncompressed, written and read back by file suffix; bzip2, lz4 and snappy raise CODEC_NOT_AVAILABLE (no such codec in the browser)",
      ),
    },
  },
  parquet: {
    title: "Parquet (docs/sql-data-sources-parquet.md)",
    readBy: [
      "src/engine/io/parquet.ts",
      "src/engine/session/dataFiles.ts",
      "src/engine/io/PartFileWriter.ts",
    ],
    entries: {
      datetimeRebaseMode: unsupported("read"),
      int96RebaseMode: unsupported("read"),
      mergeSchema: unsupported("read"),
      compression: partial(
        "write: none/uncompressed, snappy (default), gzip, brotli, lz4, lz4_raw and zstd, named as Spark names the files; parquet.compression and spark.sql.parquet.compression.codec in Spark's order; lzo raises CODEC_NOT_AVAILABLE (no LZO in the browser)",
      ),
    },
  },
  fileStream: {
    title: "File stream source (structured-streaming-programming-guide, Input Sources)",
    readBy: [
      "src/engine/sources/FileStreamSource.ts",
      "src/engine/sources/FileStreamOptions.ts",
      "src/engine/session/DataStreamReader.ts",
    ],
    entries: {
      path: supported(),
      maxFilesPerTrigger: supported(),
      maxBytesPerTrigger: supported(),
      latestFirst: supported(),
      fileNameOnly: supported(),
      maxFileAge: supported(),
      maxCachedFiles: supported(
        "files a rate-limited trigger listed but left are read before listing again, as Spark (not with latestFirst or Trigger.AvailableNow)",
      ),
      discardCachedInputRatio: supported(),
      cleanSource: supported(
        "archive, delete or off; a file is cleaned once the batch after the one that read it commits, as Spark",
      ),
      sourceArchiveDir: supported(),
    },
  },
  rate: {
    title: "Rate source (structured-streaming-programming-guide)",
    readBy: ["src/engine/sources/RateStreamSource.ts"],
    entries: {
      rowsPerSecond: supported(),
      rampUpTime: supported(),
      numPartitions: supported(),
    },
  },
  rateMicroBatch: {
    title: "Rate per micro-batch source (structured-streaming-programming-guide)",
    readBy: ["src/engine/sources/RatePerMicroBatchSource.ts"],
    entries: {
      rowsPerBatch: supported(),
      numPartitions: supported(),
      startTimestamp: supported(),
      advanceMillisPerBatch: supported(),
    },
  },
  socket: {
    title: "Socket source (structured-streaming-programming-guide)",
    readBy: ["src/engine/sources/TextSocketSource.ts"],
    entries: {
      host: supported(),
      port: supported(),
      includeTimestamp: supported(),
    },
  },
  kafkaSource: {
    title: "Kafka source (structured-streaming-kafka-integration.md)",
    readBy: ["src/engine/kafka/*.ts", "src/engine/sources/KafkaSource.ts"],
    entries: {
      assign: supported("streaming and batch"),
      subscribe: supported("streaming and batch"),
      subscribePattern: supported("streaming and batch"),
      "kafka.bootstrap.servers": supported("streaming and batch"),
      startingTimestamp: supported("streaming and batch"),
      startingOffsetsByTimestamp: supported("streaming and batch"),
      startingOffsets: supported("streaming and batch"),
      endingTimestamp: supported("batch queries"),
      endingOffsetsByTimestamp: supported("batch queries"),
      endingOffsets: supported("batch queries"),
      failOnDataLoss: supported("streaming and batch"),
      "kafkaConsumer.pollTimeoutMs": unsupported("streaming and batch"),
      "fetchOffset.numRetries": unsupported("streaming and batch"),
      "fetchOffset.retryIntervalMs": unsupported("streaming and batch"),
      maxOffsetsPerTrigger: supported("streaming queries"),
      minOffsetsPerTrigger: supported("streaming queries"),
      maxTriggerDelay: supported("streaming queries"),
      minPartitions: supported("streaming and batch"),
      groupIdPrefix: unsupported("streaming and batch"),
      "kafka.group.id": unsupported("streaming and batch"),
      includeHeaders: supported("streaming and batch"),
      startingOffsetsByTimestampStrategy: supported("streaming and batch"),
    },
  },
  kafkaSink: {
    title: "Kafka sink (structured-streaming-kafka-integration.md)",
    readBy: ["src/engine/kafka/*.ts", "src/engine/sinks/KafkaSink.ts"],
    entries: {
      "kafka.bootstrap.servers": supported(),
      topic: supported(),
      includeHeaders: supported(),
    },
  },
  streamWriter: {
    title: "DataStreamWriter (structured-streaming-programming-guide, Output Sinks)",
    readBy: [
      "src/engine/session/DataStreamWriter.ts",
      "src/engine/sinks/*.ts",
      "src/engine/session/StreamingQueryManager.ts",
    ],
    entries: {
      checkpointLocation: supported(),
      path: supported(),
      numRows: supported(),
      truncate: supported(),
    },
  },
} satisfies Record<string, OptionArea>;

/** A SQL statement kind, with a statement of that kind that the test runs (in order, in one session). */
export interface StatementEntry extends Entry {
  readonly example: string;
}

const statement = (status: Status, example: string, note = ""): StatementEntry => ({
  ...entry(status, note),
  example,
});

/** Spark SQL's statements (docs/sql-ref-syntax.md), in an order in which their examples run one after another. */
export const SQL_STATEMENTS: Readonly<Record<string, StatementEntry>> = {
  "CREATE TABLE ... USING": statement("supported", "CREATE TABLE compat_t (a INT, b STRING) USING parquet"),
  "CREATE TABLE ... PARTITIONED BY": statement(
    "supported",
    "CREATE TABLE compat_p (a INT, b STRING) USING parquet PARTITIONED BY (b)",
  ),
  "INSERT INTO": statement("supported", "INSERT INTO compat_t VALUES (1, 'x')"),
  "INSERT OVERWRITE": statement("supported", "INSERT OVERWRITE TABLE compat_t VALUES (2, 'y')"),
  "CREATE TABLE ... AS SELECT": statement(
    "supported",
    "CREATE TABLE compat_t2 USING parquet AS SELECT * FROM compat_t",
  ),
  "CREATE TEMPORARY VIEW": statement(
    "supported",
    "CREATE OR REPLACE TEMPORARY VIEW compat_v AS SELECT * FROM compat_t",
  ),
  "CREATE VIEW": statement("supported", "CREATE VIEW compat_pv AS SELECT * FROM compat_t"),
  "CREATE GLOBAL TEMPORARY VIEW": statement(
    "supported",
    "CREATE GLOBAL TEMPORARY VIEW compat_gv AS SELECT 1 AS x",
  ),
  SELECT: statement("supported", "SELECT * FROM compat_t ORDER BY 1"),
  "SQL on files (format.path as a table)": statement(
    "supported",
    "SELECT * FROM parquet.`/warehouse/compat_t`",
    "a file or directory as a table (spark.sql.runSQLOnFiles), read as spark.read reads it: parquet, csv, json, text, xml; not orc or avro",
  ),
  VALUES: statement("supported", "VALUES (1, 2)"),
  "WITH (common table expressions)": statement("supported", "WITH c AS (SELECT 1 AS x) SELECT * FROM c"),
  PIVOT: statement(
    "partial",
    "SELECT * FROM compat_t PIVOT (count(*) FOR (a, b) IN ((1, 'x') AS p1, (2, 'y')))",
    "one or several pivot columns, aliases, several aggregates; values are literals, arrays, rows `(1, 'a')` or constant expressions (`2012 + 1 AS y`), folded and named as Spark names them",
  ),
  UNPIVOT: statement(
    "supported",
    "SELECT * FROM compat_t UNPIVOT INCLUDE NULLS (v FOR k IN (a, a AS aa))",
    "INCLUDE / EXCLUDE NULLS, aliases, several value columns ((v1, v2) FOR k IN ((a, b) AS x, ...)); on streams too",
  ),
  "GROUP BY ALL / ORDER BY ALL": statement(
    "supported",
    "SELECT a, count(*) FROM compat_t GROUP BY ALL ORDER BY ALL DESC",
    "a lone ALL that names no column: GROUP BY every select item without an aggregate, ORDER BY every output column",
  ),
  "LATERAL VIEW": statement(
    "supported",
    "SELECT a, x FROM compat_t LATERAL VIEW OUTER explode(array(a, a + 1)) v AS x",
    "explode, posexplode, inline (and their OUTER forms), json_tuple and stack, several in one FROM, aliased columns qualified by the view's name",
  ),
  "Table-valued functions": statement(
    "partial",
    "SELECT * FROM explode(array(1, 2)) AS t(x)",
    "range, explode, explode_outer, posexplode, posexplode_outer, inline, inline_outer, json_tuple and stack, with column aliases AS t(a, b); not the SQL-UDTF / Python UDTF kinds",
  ),
  "Aggregate FILTER (WHERE ...)": statement(
    "supported",
    "SELECT count(*) FILTER (WHERE a > 1), sum(a) FILTER (WHERE b = 'x') FROM compat_t",
    "on every aggregate, with DISTINCT and GROUP BY, in streaming aggregations too; not a FILTER holding a subquery",
  ),
  "GROUP BY CUBE / ROLLUP / GROUPING SETS": statement(
    "supported",
    "SELECT a, b, count(*), grouping_id() FROM compat_t GROUP BY CUBE(a, b)",
    "also mixed (GROUP BY a, ROLLUP(b)) and Hive's WITH CUBE / WITH ROLLUP; on streams too",
  ),
  "SHOW TABLES": statement("supported", "SHOW TABLES"),
  "SHOW VIEWS": statement("supported", "SHOW VIEWS"),
  "SHOW DATABASES": statement("supported", "SHOW DATABASES"),
  "SHOW COLUMNS": statement("supported", "SHOW COLUMNS IN compat_t"),
  "SHOW CREATE TABLE": statement("supported", "SHOW CREATE TABLE compat_t"),
  "SHOW TBLPROPERTIES": statement("supported", "SHOW TBLPROPERTIES compat_t"),
  "SHOW PARTITIONS": statement("supported", "SHOW PARTITIONS compat_p"),
  "SHOW FUNCTIONS": statement(
    "partial",
    "SHOW FUNCTIONS",
    "USER / SYSTEM / ALL, IN db, LIKE; Spark's built-in names and spark.udf's, no operators",
  ),
  "DESCRIBE TABLE": statement("supported", "DESCRIBE TABLE compat_t"),
  "DESCRIBE DATABASE": statement("supported", "DESCRIBE DATABASE default"),
  "DESCRIBE FUNCTION": statement(
    "partial",
    "DESCRIBE FUNCTION abs",
    "Function, Class and Usage rows; Sluice has no usage text of Spark's built-ins (Usage: N/A.)",
  ),
  "DESCRIBE QUERY": statement("supported", "DESCRIBE QUERY SELECT 1"),
  "ALTER TABLE ... ADD COLUMNS": statement("supported", "ALTER TABLE compat_t ADD COLUMNS (c DOUBLE)"),
  "ALTER TABLE ... SET TBLPROPERTIES": statement(
    "supported",
    "ALTER TABLE compat_t SET TBLPROPERTIES ('k' = 'v')",
  ),
  "ALTER TABLE ... RENAME TO": statement("supported", "ALTER TABLE compat_t2 RENAME TO compat_t3"),
  "ALTER VIEW ... AS": statement("supported", "ALTER VIEW compat_pv AS SELECT a FROM compat_t"),
  "CREATE DATABASE": statement("supported", "CREATE DATABASE compat_db"),
  USE: statement("supported", "USE default"),
  "DROP DATABASE": statement("supported", "DROP DATABASE compat_db"),
  "TRUNCATE TABLE": statement("supported", "TRUNCATE TABLE compat_t"),
  "CACHE TABLE": statement("partial", "CACHE TABLE compat_t", "accepted; nothing is cached"),
  "UNCACHE TABLE": statement("partial", "UNCACHE TABLE compat_t", "accepted; nothing is cached"),
  "CLEAR CACHE": statement("partial", "CLEAR CACHE", "accepted; nothing is cached"),
  "REFRESH TABLE": statement("supported", "REFRESH TABLE compat_t"),
  SET: statement("supported", "SET spark.sql.shuffle.partitions = 4"),
  RESET: statement("supported", "RESET"),
  EXPLAIN: statement(
    "partial",
    "EXPLAIN SELECT 1",
    "of a query: one plan row, as df.explain (EXTENDED, FORMATTED, CODEGEN, COST); not of a command",
  ),
  "DROP VIEW": statement("supported", "DROP VIEW compat_pv"),
  "DROP TABLE": statement("supported", "DROP TABLE IF EXISTS compat_t3"),
  "REPAIR TABLE": statement("unsupported", "MSCK REPAIR TABLE compat_p"),
  "INSERT OVERWRITE DIRECTORY": statement(
    "unsupported",
    "INSERT OVERWRITE DIRECTORY '/compat_dir' USING parquet SELECT 1",
  ),
  "CREATE FUNCTION": statement("unsupported", "CREATE FUNCTION compat_f AS 'x.Y'", "use spark.udf.register"),
  "ANALYZE TABLE": statement(
    "partial",
    "ANALYZE TABLE compat_t COMPUTE STATISTICS",
    "COMPUTE STATISTICS [NOSCAN]; not FOR COLUMNS or PARTITION",
  ),
  "LOAD DATA": statement("unsupported", "LOAD DATA INPATH '/compat_x' INTO TABLE compat_t"),
  "MERGE INTO": statement(
    "unsupported",
    "MERGE INTO compat_t USING compat_t AS s ON compat_t.a = s.a WHEN MATCHED THEN DELETE",
  ),
  UPDATE: statement(
    "unsupported",
    "UPDATE compat_t SET a = 1",
    "as on Spark's file tables: UNSUPPORTED_FEATURE.TABLE_OPERATION",
  ),
  "DELETE FROM": statement(
    "unsupported",
    "DELETE FROM compat_t WHERE a = 1",
    "as on Spark's file tables: UNSUPPORTED_FEATURE.TABLE_OPERATION",
  ),
  "DECLARE VARIABLE": statement("unsupported", "DECLARE VARIABLE compat_x INT DEFAULT 1"),
  "ADD JAR": statement("unsupported", "ADD JAR '/compat.jar'", "there is no JVM"),
};

/**
 * Spark's confs that change what Sluice does (Spark's SQLConf and StaticSQLConf names). The test holds this list to
 * the keys the engine reads; any other key is kept as given and has no effect, as an unknown key in Spark.
 */
export const CONFS: Readonly<Record<string, Entry>> = {
  "spark.app.name": supported(),
  "spark.sql.session.timeZone": partial(
    "read by casts between TIMESTAMP and TIMESTAMP_NTZ, current_date, localtimestamp and current_timezone; other functions, casts to strings and show() read a TIMESTAMP in UTC",
  ),
  "spark.sql.ansi.enabled": supported(),
  "spark.sql.timestampType": supported(),
  "spark.sql.shuffle.partitions": partial(
    "validated and recorded in the checkpoint as Spark does; Sluice runs one partition",
  ),
  "spark.sql.caseSensitive": supported(),
  "spark.sql.pivotMaxValues": supported(),
  "spark.sql.transposeMaxValues": supported(),
  // issue 11: array_insert (collectionExtras.ts)
  "spark.sql.legacy.negativeIndexInArrayInsert": supported(),
  // issue 11: decimal arithmetic (decimalArithmetic.ts)
  "spark.sql.decimalOperations.allowPrecisionLoss": supported(),
  "spark.sql.warehouse.dir": supported("static: read when the session starts"),
  "spark.sql.catalogImplementation": partial("in-memory only: there is no Hive metastore"),
  "spark.sql.sources.default": supported(),
  "spark.sql.parquet.compression.codec": partial(
    "the Parquet writer's codec below the compression and parquet.compression options; lzo is refused when writing; an unknown name is refused when writing, not when set",
  ),
  "spark.sql.sources.partitionOverwriteMode": supported(),
  "spark.sql.sources.partitionColumnTypeInference.enabled": supported(),
  "spark.sql.legacy.pathOptionBehavior.enabled": supported(),
  "spark.sql.runSQLOnFiles": supported(),
  "spark.sql.legacy.allowNonEmptyLocationInCTAS": supported(),
  "spark.sql.execution.arrow.maxRecordsPerBatch": supported(
    "rows per batch handed to a user-defined function",
  ),
  "spark.sql.streaming.checkpointLocation": supported(),
  "spark.sql.streaming.schemaInference": supported(),
  "spark.sql.streaming.minBatchesToRetain": supported(),
  "spark.sql.streaming.stateStore.minDeltasForSnapshot": supported(),
  "spark.sql.streaming.stateStore.stateSchemaCheck": supported(
    "A restart whose state keys or aggregation buffers differ from the checkpoint's fails its first batch.",
  ),
  "spark.sql.streaming.stateStore.providerClass": partial(
    "Sluice keeps state in its one store whichever provider is named; a class not named …StateStoreProvider fails a stateful query's first batch with STATE_STORE_INVALID_PROVIDER, as a class that is no provider does on Spark. A restarted query keeps the provider its checkpoint logged.",
  ),
  "spark.sql.streaming.stateStore.encodingFormat": partial(
    "unsaferow (default) or avro, any case: validated and lower-cased as Spark does, logged in each batch's offset log and restored from the checkpoint on restart; Sluice's state store keeps its own encoding whichever is named, so avro's state schema evolution for transformWithState is not available",
  ),
  "spark.sql.streaming.stopActiveRunOnRestart": supported(
    "On, restarting a query whose checkpoint is in use by an active run stops that run first.",
  ),
  "spark.sql.streaming.triggerAvailableNow.wrapper.enabled": supported(
    "Off (Spark's default), Trigger.AvailableNow over a source without its own support for it (rate, socket, a custom source) runs one batch with everything available, as Trigger.Once.",
  ),
  "spark.sql.streaming.noDataMicroBatches.enabled": supported(),
  "spark.sql.streaming.multipleWatermarkPolicy": supported(),
  "spark.sql.streaming.statefulOperator.allowMultiple": supported(),
  "spark.sql.streaming.forceDeleteTempCheckpointLocation": supported(),
  "spark.sql.streaming.numRecentProgressUpdates": supported(),
  "spark.sql.streaming.pollingDelay": supported(),
  "spark.sql.streaming.noDataProgressEventInterval": supported(),
  "spark.sql.streaming.fileSource.log.deletion": supported(),
  "spark.sql.streaming.fileSource.log.compactInterval": supported(),
  "spark.sql.streaming.fileSource.log.cleanupDelay": supported(),
  "spark.sql.streaming.fileSink.log.deletion": supported(),
  "spark.sql.streaming.fileSink.log.compactInterval": supported(),
  "spark.sql.streaming.fileSink.log.cleanupDelay": supported(),
  "spark.sql.streaming.fileStreamSink.ignoreMetadata": supported(),
  "spark.sql.streaming.fileSource.schema.forceNullable": supported(),
};

/** One row of the table: an area's entry, normalized for the generator and for readers of the JSON. */
export interface CompatibilityRow {
  readonly name: string;
  readonly status: Status;
  readonly note?: string;
  readonly only?: Language;
}

export interface CompatibilitySection {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly rows: readonly CompatibilityRow[];
}

const row = (name: string, e: Entry): CompatibilityRow => ({
  name,
  status: e.status,
  ...(e.note ? { note: e.note } : {}),
  ...(e.only ? { only: e.only } : {}),
});

/** The whole table, section by section: Spark's SQL functions (from the registry), the APIs, options, SQL, confs. */
export function compatibilityTable(): CompatibilitySection[] {
  const functions: CompatibilitySection = {
    id: "sqlFunctions",
    title: "SQL built-in functions",
    source: "Spark 4's FunctionRegistry (the engine's sparkFunctionNames and functionSupport)",
    rows: builtinFunctions().map(({ name, group, support }) => ({
      name,
      status: support.status,
      note: [group, support.status === "unsupported" ? "" : support.note].filter(Boolean).join(": "),
    })),
  };
  const apis = Object.entries(API_AREAS).map(([id, area]: [string, ApiArea]) => ({
    id,
    title: area.title,
    source: area.source,
    rows: Object.entries(area.entries).map(([name, e]) => row(name, e)),
  }));
  const options = Object.entries(OPTION_AREAS).map(([id, area]: [string, OptionArea]) => ({
    id: `options.${id}`,
    title: `Options: ${area.title}`,
    source: area.title,
    rows: Object.entries(area.entries).map(([name, e]) => row(name, e)),
  }));
  return [
    functions,
    ...apis,
    ...options,
    {
      id: "sql",
      title: "SQL statements",
      source: "Spark SQL's syntax reference (docs/sql-ref-syntax.md)",
      rows: Object.entries(SQL_STATEMENTS).map(([name, e]) => ({
        ...row(name, e),
        note: e.note ?? e.example,
      })),
    },
    {
      id: "confs",
      title: "Spark confs Sluice honours",
      source: "Spark's SQLConf and StaticSQLConf",
      rows: Object.entries(CONFS).map(([name, e]) => row(name, e)),
    },
  ];
}
