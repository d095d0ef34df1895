"""pyspark.sql.DataFrame: a query over rows, built lazily; actions (collect, count, show) run it."""

from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from pyspark.sql.column import Column
from pyspark.sql.group import GroupedData
from pyspark.sql.observation import Observation
from pyspark.sql.readwriter import DataFrameWriter, DataFrameWriterV2
from pyspark.sql.session import SparkSession
from pyspark.sql.streaming.readwriter import DataStreamWriter
from pyspark.sql.table_arg import TableArg
from pyspark.sql.types import Row, StructType

ColumnOrName = Union[Column, str]

class DataFrame:
    """Rows under named columns. Transformations (select, filter, groupBy...) return new DataFrames and are
    checked at once; actions (collect, count, show) run the query. A streaming DataFrame (from
    `spark.readStream`) runs with `writeStream...start()`."""

    sparkSession: SparkSession
    @property
    def isStreaming(self) -> bool:
        """True for a DataFrame read with spark.readStream (it runs with writeStream.start())."""
    @property
    def schema(self) -> StructType:
        """The columns' names and types, as a StructType."""
    @property
    def columns(self) -> List[str]:
        """The column names."""
    @property
    def dtypes(self) -> List[Tuple[str, str]]:
        """(name, type) pairs: `[("device", "string"), ("count", "bigint")]`."""
    @property
    def writeStream(self) -> DataStreamWriter:
        """Starts a streaming query from this streaming DataFrame: format, outputMode, trigger, start()."""
    @property
    def write(self) -> DataFrameWriter:
        """Saves this batch DataFrame: format, mode, save()."""
    def printSchema(self, level: Optional[int] = None) -> None:
        """Prints the schema as a tree."""
    def __getitem__(self, item: Any) -> Any: ...
    def __getattr__(self, name: str) -> Column: ...
    def col(self, colName: str) -> Column:
        """A column of this DataFrame (picks this side in a join)."""
    def colRegex(self, colName: str) -> Column:
        """A name in backticks is a regular expression: the columns whose whole name it matches, in select."""
    def metadataColumn(self, colName: str) -> Column:
        """The hidden metadata column `colName` (`_metadata` over a file source), even where it is not in the output."""
    def to(self, schema: StructType) -> DataFrame:
        """The columns matched to `schema` by name, reordered and cast to its types."""
    def withMetadata(self, columnName: str, metadata: Dict[str, Any]) -> DataFrame:
        """The column with its metadata replaced by `metadata`."""
    def isLocal(self) -> bool:
        """Whether collect() and take() run over local rows (a DataFrame made by createDataFrame)."""
    def inputFiles(self) -> List[str]:
        """The files the DataFrame's file sources read, each once."""
    def sameSemantics(self, other: DataFrame) -> bool:
        """Whether both DataFrames' plans compute the same result, whatever their column names."""
    def semanticHash(self) -> int:
        """A hash of the canonical plan: equal for DataFrames of the same semantics."""
    def select(self, *cols: Any) -> DataFrame:
        """The given columns or expressions: `select("a", col("b") * 2)`."""
    def selectExpr(self, *expr: Any) -> DataFrame:
        """Columns as SQL expressions: `selectExpr("a", "b * 2 AS c")`."""
    def filter(self, condition: ColumnOrName) -> DataFrame:
        """The rows where the condition holds: `filter(col("event_name") == "finalize")` or a SQL string."""
    def where(self, condition: ColumnOrName) -> DataFrame:
        """Same as filter()."""
    def withColumn(self, colName: str, col: Column) -> DataFrame:
        """Adds or replaces a column."""
    def withColumns(self, *colsMap: Dict[str, Column]) -> DataFrame:
        """Adds or replaces several columns: `withColumns({"a": ..., "b": ...})`."""
    def withColumnRenamed(self, existing: str, new: str) -> DataFrame:
        """Renames a column."""
    def withColumnsRenamed(self, colsMap: Dict[str, str]) -> DataFrame:
        """Renames several columns."""
    def drop(self, *cols: ColumnOrName) -> DataFrame:
        """Without the given columns."""
    def toDF(self, *cols: str) -> DataFrame:
        """The same rows with new column names."""
    def groupBy(self, *cols: Any) -> GroupedData:
        """Groups rows for aggregation: `groupBy("traffic_source").count()`, `groupBy(window("ts", "10 minutes"))`."""
    def groupby(self, *cols: Any) -> GroupedData:
        """Same as groupBy()."""
    def cube(self, *cols: Any) -> GroupedData:
        """Groups by every subset of the columns: `cube("city", "year").sum("amount")`; a column a set leaves out
        is null."""
    def rollup(self, *cols: Any) -> GroupedData:
        """Groups by each prefix of the columns: `rollup("city", "year")` gives (city, year), city and the total."""
    def groupingSets(self, groupingSets: Any, *cols: Any) -> GroupedData:
        """Groups once per set: `groupingSets([["city"], []], "city")`; `cols` are the grouping columns."""
    def unpivot(self, ids: Any, values: Any, variableColumnName: str, valueColumnName: str) -> DataFrame:
        """Columns into rows: one row per value column with the ids, its name and its value (values None: every
        non-id column)."""
    def melt(self, ids: Any, values: Any, variableColumnName: str, valueColumnName: str) -> DataFrame:
        """Same as unpivot()."""
    def checkpoint(self, eager: bool = True) -> DataFrame:
        """The rows computed once (now where eager) and kept, so later actions read them; needs
        spark.sparkContext.setCheckpointDir()."""
    def localCheckpoint(self, eager: bool = True, storageLevel: Optional[Any] = None) -> DataFrame:
        """checkpoint() without a checkpoint directory."""
    def writeTo(self, table: str) -> DataFrameWriterV2:
        """A writer that creates, replaces, appends to or overwrites the table."""
    def transpose(self, indexColumn: Optional[ColumnOrName] = None) -> DataFrame:
        """Rows into columns: the index column's values (the first column by default), sorted, name the columns;
        a `key` column holds the other columns' names, their values cast to one common type."""
    def agg(self, *exprs: Any) -> DataFrame:
        """Aggregates over all rows: `agg(max("price"))`."""
    def orderBy(self, *cols: Any, ascending: Union[bool, List[bool], None] = None) -> DataFrame:
        """Sorted rows: `orderBy(col("count").desc())` or `orderBy("count", ascending=False)`."""
    def sort(self, *cols: Any, ascending: Union[bool, List[bool], None] = None) -> DataFrame:
        """Same as orderBy()."""
    def sortWithinPartitions(self, *cols: Any, ascending: Union[bool, List[bool], None] = None) -> DataFrame:
        """Sorted within each partition; Sluice has one, so the same as orderBy()."""
    def limit(self, num: int) -> DataFrame:
        """At most `num` rows."""
    def distinct(self) -> DataFrame:
        """The distinct rows."""
    def dropDuplicates(self, *subset: Union[str, List[str]]) -> DataFrame:
        """Rows without duplicates (of the subset's columns); on a stream, with a watermark to bound state."""
    def drop_duplicates(self, *subset: Union[str, List[str]]) -> DataFrame:
        """Same as dropDuplicates()."""
    def dropDuplicatesWithinWatermark(self, *subset: Union[str, List[str]]) -> DataFrame:
        """Duplicates dropped while they are within the watermark delay of each other."""
    def union(self, other: DataFrame) -> DataFrame:
        """The rows of both, by column position."""
    def unionAll(self, other: DataFrame) -> DataFrame:
        """Same as union()."""
    def intersect(self, other: DataFrame) -> DataFrame:
        """The distinct rows also in `other` (INTERSECT)."""
    def intersectAll(self, other: DataFrame) -> DataFrame:
        """The rows also in `other`, keeping duplicates (INTERSECT ALL)."""
    def subtract(self, other: DataFrame) -> DataFrame:
        """The distinct rows not in `other` (EXCEPT DISTINCT)."""
    def exceptAll(self, other: DataFrame) -> DataFrame:
        """The rows not in `other`, keeping duplicates (EXCEPT ALL)."""
    @property
    def na(self) -> DataFrameNaFunctions:
        """Missing-value functions: df.na.fill(0), df.na.drop(), df.na.replace(...)."""
    def fillna(self, value: Any, subset: Any = None) -> DataFrame:
        """Nulls replaced by `value` in the columns of its type (or per column from a dict)."""
    def dropna(self, how: str = "any", thresh: Optional[int] = None, subset: Any = None) -> DataFrame:
        """Rows without nulls ("any"), not all null ("all"), or with at least `thresh` non-nulls."""
    def replace(self, to_replace: Any, value: Any = ..., subset: Any = None) -> DataFrame:
        """Values replaced by others, in the columns of the old values' type."""
    def unionByName(self, other: DataFrame, allowMissingColumns: bool = False) -> DataFrame:
        """The rows of both, by column name."""
    def join(self, other: DataFrame, on: Any = None, how: Optional[str] = None) -> DataFrame:
        """Joined with another DataFrame: `on` a column name, a list of names or a condition; `how` inner,
        left, right, full, left_semi, left_anti... (streams: with watermarks for outer joins)."""
    def crossJoin(self, other: DataFrame) -> DataFrame:
        """Every pair of rows."""
    def alias(self, alias: str) -> DataFrame:
        """The DataFrame under a name, for `alias.column` in joins."""
    def scalar(self) -> Column:
        """A scalar subquery: this one-column DataFrame's one value per outer row (Spark 4)."""
    def lateralJoin(self, other: DataFrame, on: Optional[Column] = ..., how: Optional[str] = ...) -> DataFrame:
        """A lateral join (Spark 4): `other`, whose `outer()` columns read this DataFrame's row, per row; how is
        "inner" (default), "cross" or "left"."""
    def asTable(self) -> TableArg:
        """This DataFrame as a table argument (Spark 4's TableArg): partitionBy, orderBy, withSinglePartition."""
    def exists(self) -> Column:
        """An EXISTS subquery: whether this DataFrame, its `outer()` columns read from the outer row, has a row."""
    def withWatermark(self, eventTime: str, delayThreshold: str) -> DataFrame:
        """Declares how late events may arrive: `withWatermark("ts", "10 minutes")`; state older than the
        watermark is dropped and append mode can emit finished windows."""
    def describe(self, *cols: Union[str, List[str]]) -> DataFrame:
        """count, mean, stddev, min and max of the columns (all numeric and string ones if none), as strings."""
    def summary(self, *statistics: str) -> DataFrame:
        """The statistics ("count", "mean", "stddev", "min", "max", "25%", ...) of every numeric and string column."""
    def offset(self, num: int) -> DataFrame:
        """Every row after the first `num`: `df.offset(10).limit(10)` is the second page of ten."""
    def sample(
        self, withReplacement: Optional[Union[float, bool]] = None, fraction: Optional[Union[int, float]] = None,
        seed: Optional[int] = None,
    ) -> DataFrame:
        """A random sample of the rows: `sample(0.1)`, `sample(0.1, seed=42)`, `sample(True, 0.5, 42)` (with
        replacement a row may repeat). The same seed over the same data gives the same rows."""
    def randomSplit(self, weights: List[float], seed: Optional[int] = None) -> List[DataFrame]:
        """Random disjoint splits in proportion to `weights`: `train, test = df.randomSplit([0.8, 0.2], seed=1)`."""
    @property
    def stat(self) -> DataFrameStatFunctions:
        """Statistics of the columns: approxQuantile, corr, cov, crosstab, freqItems, sampleBy."""
    def approxQuantile(
        self, col: Union[str, List[str], Tuple[str]], probabilities: Union[List[float], Tuple[float]],
        relativeError: float,
    ) -> Union[List[float], List[List[float]]]:
        """The values at `probabilities` of numeric columns, within `relativeError` (0: exact), nulls and NaN left
        out: `df.approxQuantile("age", [0.25, 0.5, 0.75], 0.0)`."""
    def corr(self, col1: str, col2: str, method: Optional[str] = None) -> float:
        """The Pearson correlation coefficient of two numeric columns."""
    def cov(self, col1: str, col2: str) -> float:
        """The sample covariance of two numeric columns."""
    def crosstab(self, col1: str, col2: str) -> DataFrame:
        """The contingency table of two columns: first column `<col1>_<col2>`, a count column per value of col2."""
    def freqItems(self, cols: Union[List[str], Tuple[str]], support: Optional[float] = None) -> DataFrame:
        """The values found in more than `support` (default 1%) of the rows, one `<c>_freqItems` array per column."""
    def sampleBy(self, col: ColumnOrName, fractions: Dict[Any, float], seed: Optional[int] = None) -> DataFrame:
        """A stratified sample: `df.sampleBy("key", {0: 0.1, 1: 0.2}, seed=0)`; other strata left out."""
    def observe(self, observation: Union[str, Observation], *exprs: Column) -> DataFrame:
        """Named aggregates over the rows that pass, the rows unchanged: `observe("metrics", count(lit(1)).alias("n"))`;
        on a stream each batch's values are in its progress's `observedMetrics["metrics"]`. With an Observation
        (batch DataFrames), the first action fills `observation.get`."""
    def transform(self, func: Callable[..., DataFrame], *args: Any, **kwargs: Any) -> DataFrame:
        """func(self, *args): chains custom transformations."""
    def cache(self) -> DataFrame:
        """Nothing is kept in Sluice (one process); returns the DataFrame, its storageLevel MEMORY_AND_DISK_DESER."""
    def persist(self, storageLevel: Any = None) -> DataFrame:
        """Nothing is kept in Sluice; returns the DataFrame, its storageLevel the level asked for."""
    def unpersist(self, blocking: bool = False) -> DataFrame:
        """Returns the DataFrame, its storageLevel NONE again."""
    @property
    def storageLevel(self) -> Any:
        """The StorageLevel persist or cache asked for; StorageLevel.NONE without either."""
    def repartition(self, numPartitions: Any = None, *cols: Any) -> DataFrame:
        """No-op in Sluice (no partitions); returns the DataFrame."""
    def repartitionByRange(self, numPartitions: Any = None, *cols: Any) -> DataFrame:
        """No-op in Sluice (no partitions); returns the DataFrame."""
    def coalesce(self, numPartitions: int) -> DataFrame:
        """No-op in Sluice (no partitions); returns the DataFrame."""
    def createOrReplaceTempView(self, name: str) -> None:
        """Names the DataFrame for spark.sql (a streaming DataFrame makes a streaming view)."""
    def createTempView(self, name: str) -> None:
        """Names the DataFrame for spark.sql; fails if the name is taken."""
    def registerTempTable(self, name: str) -> None:
        """Deprecated: createOrReplaceTempView()."""
    def createOrReplaceGlobalTempView(self, name: str) -> None:
        """Names the DataFrame for spark.sql as global_temp.<name>, seen by every session (foreachBatch's too)."""
    def createGlobalTempView(self, name: str) -> None:
        """Names the DataFrame as global_temp.<name>; fails if the name is taken."""
    def collect(self) -> List[Row]:
        """All rows, as Row objects (fields by name: `row.count`, `row["count"]`)."""
    def toLocalIterator(self, prefetchPartitions: bool = False) -> Any:
        """An iterator over the rows."""
    def count(self) -> int:
        """The number of rows."""
    def take(self, num: int) -> List[Row]:
        """The first `num` rows."""
    def head(self, n: Optional[int] = None) -> Any:
        """The first row, or the first `n` rows."""
    def first(self) -> Optional[Row]:
        """The first row, or None."""
    def tail(self, num: int) -> List[Row]:
        """The last `num` rows."""
    def isEmpty(self) -> bool:
        """True if there are no rows."""
    def show(self, n: int = 20, truncate: Union[bool, int] = True, vertical: bool = False) -> None:
        """Prints the first `n` rows as a table."""
    def explain(self, extended: Union[bool, str, None] = None, mode: Optional[str] = None) -> None:
        """Prints the plan: `explain()` the physical plan, `explain(True)` the parsed, analyzed and optimized
        logical plans too, `explain(mode="formatted")` ("simple", "extended", "codegen", "cost", "formatted")."""
    def toPandas(self) -> Any:
        """A pandas DataFrame; Sluice's offline Python has no pandas, so this explains what to use instead."""

class DataFrameNaFunctions:
    """`df.na`: missing-value handling."""

    def drop(self, how: str = "any", thresh: Optional[int] = None, subset: Any = None) -> DataFrame:
        """Same as DataFrame.dropna()."""
    def fill(self, value: Any, subset: Any = None) -> DataFrame:
        """Same as DataFrame.fillna()."""
    def replace(self, to_replace: Any, value: Any = ..., subset: Any = None) -> DataFrame:
        """Same as DataFrame.replace()."""

class DataFrameStatFunctions:
    """`df.stat`: the same statistics as the DataFrame's own approxQuantile, corr, cov, crosstab, freqItems and
    sampleBy."""

    def approxQuantile(
        self, col: Union[str, List[str], Tuple[str]], probabilities: Union[List[float], Tuple[float]],
        relativeError: float,
    ) -> Union[List[float], List[List[float]]]:
        """The values at `probabilities` of numeric columns, within `relativeError` (0: exact)."""
    def corr(self, col1: str, col2: str, method: Optional[str] = None) -> float:
        """The Pearson correlation coefficient of two numeric columns."""
    def cov(self, col1: str, col2: str) -> float:
        """The sample covariance of two numeric columns."""
    def crosstab(self, col1: str, col2: str) -> DataFrame:
        """The contingency table of two columns."""
    def freqItems(self, cols: Union[List[str], Tuple[str]], support: Optional[float] = None) -> DataFrame:
        """The frequent values of each column, one `<c>_freqItems` array per column."""
    def sampleBy(self, col: ColumnOrName, fractions: Dict[Any, float], seed: Optional[int] = None) -> DataFrame:
        """A stratified sample: each stratum of `col` kept with its fraction."""
    def countMinSketch(self, col: Any, eps: float, confidence: float, seed: int) -> Any:
        """Not in Sluice: raises PySpark's NOT_IMPLEMENTED."""
    def bloomFilter(self, col: Any, expectedNumItems: int, fpp: float) -> Any:
        """Not in Sluice: raises PySpark's NOT_IMPLEMENTED."""
