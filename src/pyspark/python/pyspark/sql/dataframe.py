"""pyspark.sql.DataFrame: a query over rows, built lazily; actions (collect, count, show) run it."""

import random
import sys
import warnings
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Union

from pyspark._sluice import bridge, from_json_string, js, js_object, wait
from pyspark.errors import (
    PySparkAttributeError,
    PySparkImportError,
    PySparkNotImplementedError,
    PySparkTypeError,
    PySparkValueError,
)
from pyspark.errors.exceptions.captured import captured
from pyspark.sql.column import Column
from pyspark.sql.types import Row, StructType, _from_engine, _from_engine_type

if TYPE_CHECKING:
    from pyspark.sql.group import GroupedData
    from pyspark.sql.readwriter import DataFrameWriter, DataFrameWriterV2
    from pyspark.sql.session import SparkSession
    from pyspark.sql.streaming.readwriter import DataStreamWriter

__all__ = ["DataFrame", "DataFrameNaFunctions", "DataFrameStatFunctions"]

ColumnOrName = Union[Column, str]


def _columns(cols: Tuple[Any, ...]) -> Any:
    """Varargs or one list, as PySpark takes both: f("a", "b") and f(["a", "b"])."""
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        cols = tuple(cols[0])
    return js(list(cols))


def _subset(subset: Any) -> Any:
    """A column name, or a list or tuple of them; None for every column."""
    if subset is None or isinstance(subset, str):
        return subset
    if isinstance(subset, (list, tuple)):
        return list(subset)
    raise PySparkTypeError(
        errorClass="NOT_LIST_OR_STR_OR_TUPLE",
        messageParameters={"arg_name": "subset", "arg_type": type(subset).__name__},
    )


def _sample_arguments(withReplacement: Any, fraction: Any, seed: Any) -> Tuple[bool, float, int]:
    """PySpark's forms: sample(0.5 [, seed]), sample(fraction=0.5 [, seed]), sample(False, 0.5 [, seed])."""
    replacement_set = type(withReplacement) is bool and isinstance(fraction, float)
    omitted_by_keyword = withReplacement is None and isinstance(fraction, float)
    omitted_by_position = isinstance(withReplacement, float)
    if not (replacement_set or omitted_by_keyword or omitted_by_position):
        raise PySparkTypeError(
            errorClass="NOT_BOOL_OR_FLOAT_OR_INT",
            messageParameters={
                "arg_name": "withReplacement (optional), fraction (required) and seed (optional)",
                "arg_type": ", ".join(type(a).__name__ for a in (withReplacement, fraction, seed)),
            },
        )
    if omitted_by_position:
        if fraction is not None:
            seed = fraction
        fraction = withReplacement
        withReplacement = None
    if seed is not None and not isinstance(seed, (int, float)):
        raise PySparkTypeError(
            errorClass="NOT_BOOL_OR_FLOAT_OR_INT",
            messageParameters={"arg_name": "seed", "arg_type": type(seed).__name__},
        )
    seed = int(seed) if seed is not None else random.randint(0, sys.maxsize)
    return bool(withReplacement), float(fraction), _js_seed(seed)


def _check_str(name: str, value: Any) -> None:
    if not isinstance(value, str):
        raise PySparkTypeError(errorClass="NOT_STR", messageParameters={"arg_name": name, "arg_type": type(value).__name__})


def _dedup_subset(subset: tuple) -> list:
    # PySpark 4: column names as arguments, or one list of them (a bare name is a column, not its letters).
    if len(subset) > 1:
        assert all(isinstance(c, str) for c in subset)
    if len(subset) == 1 and isinstance(subset[0], list):
        return list(subset[0])
    return list(subset)


def _js_seed(seed: int) -> int:
    """A Long seed as the engine takes it: within JavaScript's exact integers (the same seed, the same rows)."""
    return seed if -(1 << 53) < seed < (1 << 53) else seed % (1 << 53)


class _NoValue:
    """PySpark's marker for `replace` called without `value`."""

    def __repr__(self) -> str:
        return "<no value>"


_NO_VALUE = _NoValue()


@captured
class DataFrame:
    """A distributed collection of rows under named columns (in Sluice: a logical plan the engine runs on
    DuckDB-WASM). Streaming DataFrames come from `spark.readStream` and run with `writeStream.start()`."""

    def __init__(self, jdf, session: "SparkSession"):
        self._js = jdf
        self.sparkSession = session
        self._schema: Optional[StructType] = None

    def _new(self, jdf) -> "DataFrame":
        return DataFrame(jdf, self.sparkSession)

    # ── description ──
    @property
    def isStreaming(self) -> bool:
        return bool(self._js.isStreaming)

    @property
    def schema(self) -> StructType:
        if self._schema is None:
            self._schema = _from_engine_type(self._js.schema)
        return self._schema

    @property
    def columns(self) -> List[str]:
        return [f.name for f in self.schema.fields]

    @property
    def dtypes(self) -> List[Tuple[str, str]]:
        return [(f.name, f.dataType.simpleString()) for f in self.schema.fields]

    def printSchema(self, level: Optional[int] = None) -> None:
        print(self._js.schema.treeString(), end="")

    def __repr__(self) -> str:
        return "DataFrame[" + ", ".join(f"{name}: {t}" for name, t in self.dtypes) + "]"

    # ── columns ──
    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, str):
            return Column(self._js.col(item))
        if isinstance(item, Column):
            return self.filter(item)
        if isinstance(item, (list, tuple)):
            return self.select(*item)
        if isinstance(item, int):
            return Column(self._js.col(self.columns[item]))
        raise PySparkTypeError(
            errorClass="NOT_COLUMN_OR_INT_OR_LIST_OR_STR_OR_TUPLE",
            messageParameters={"arg_name": "item", "arg_type": type(item).__name__},
        )

    def __getattr__(self, name: str) -> Column:
        if name.startswith("_") or name not in self.columns:
            raise PySparkAttributeError(errorClass="ATTRIBUTE_NOT_SUPPORTED", messageParameters={"attr_name": name})
        return Column(self._js.col(name))

    def __dir__(self):
        return [*super().__dir__(), *[c for c in self.columns if c.isidentifier()]]

    def col(self, colName: str) -> Column:
        return Column(self._js.col(colName))

    def colRegex(self, colName: str) -> Column:
        _check_str("colName", colName)
        return Column(self._js.colRegex(colName))

    def metadataColumn(self, colName: str) -> Column:
        _check_str("colName", colName)
        return Column(self._js.metadataColumn(colName))

    def to(self, schema: StructType) -> "DataFrame":
        assert schema is not None
        return self._new(self._js.to(schema._js))

    def withMetadata(self, columnName: str, metadata: Dict[str, Any]) -> "DataFrame":
        if not isinstance(metadata, dict):
            raise PySparkTypeError(
                errorClass="NOT_DICT", messageParameters={"arg_name": "metadata", "arg_type": type(metadata).__name__}
            )
        return self._new(self._js.withMetadata(columnName, js_object(metadata)))

    def isLocal(self) -> bool:
        return bool(self._js.isLocal())

    def inputFiles(self) -> List[str]:
        return list(wait(self._js, "inputFiles").to_py())

    def sameSemantics(self, other: "DataFrame") -> bool:
        if not isinstance(other, DataFrame):
            raise PySparkTypeError(
                errorClass="NOT_DATAFRAME", messageParameters={"arg_name": "other", "arg_type": type(other).__name__}
            )
        return bool(self._js.sameSemantics(other._js))

    def semanticHash(self) -> int:
        return int(self._js.semanticHash())

    # ── transformations ──
    def select(self, *cols: Any) -> "DataFrame":
        return self._new(self._js.select(_columns(cols)))

    def selectExpr(self, *expr: Any) -> "DataFrame":
        return self._new(self._js.selectExpr(_columns(expr)))

    def filter(self, condition: ColumnOrName) -> "DataFrame":
        if not isinstance(condition, (Column, str)):
            raise PySparkTypeError(
                errorClass="NOT_COLUMN_OR_STR",
                messageParameters={"arg_name": "condition", "arg_type": type(condition).__name__},
            )
        return self._new(self._js.filter(js(condition)))

    where = filter

    def withColumn(self, colName: str, col: Column) -> "DataFrame":
        if not isinstance(col, Column):
            raise PySparkTypeError(
                errorClass="NOT_COLUMN", messageParameters={"arg_name": "col", "arg_type": type(col).__name__}
            )
        return self._new(self._js.withColumn(colName, col._js))

    def withColumns(self, *colsMap: Dict[str, Column]) -> "DataFrame":
        mapping = colsMap[0] if colsMap else {}
        return self._new(self._js.withColumns(js_object({k: v._js for k, v in mapping.items()})))

    def withColumnRenamed(self, existing: str, new: str) -> "DataFrame":
        return self._new(self._js.withColumnRenamed(existing, new))

    def withColumnsRenamed(self, colsMap: Dict[str, str]) -> "DataFrame":
        return self._new(self._js.withColumnsRenamed(js_object(colsMap)))

    def drop(self, *cols: ColumnOrName) -> "DataFrame":
        return self._new(self._js.drop(_columns(cols)))

    def toDF(self, *cols: str) -> "DataFrame":
        if len(cols) != len(self.columns):
            raise PySparkValueError(
                errorClass="LENGTH_SHOULD_BE_THE_SAME",
                messageParameters={"arg1": "cols", "arg2": "columns", "arg1_length": str(len(cols)), "arg2_length": str(len(self.columns))},
            )
        return self.select(*[Column(self._js.col(old)).alias(new) for old, new in zip(self.columns, cols)])

    def groupBy(self, *cols: Any) -> "GroupedData":
        from pyspark.sql.group import GroupedData

        return GroupedData(self._js.groupBy(_columns(cols)), self)

    groupby = groupBy

    def cube(self, *cols: Any) -> "GroupedData":
        from pyspark.sql.group import GroupedData

        return GroupedData(self._js.cube(_columns(cols)), self)

    def rollup(self, *cols: Any) -> "GroupedData":
        from pyspark.sql.group import GroupedData

        return GroupedData(self._js.rollup(_columns(cols)), self)

    def groupingSets(self, groupingSets: Any, *cols: Any) -> "GroupedData":
        from pyspark.sql.group import GroupedData

        return GroupedData(self._js.groupingSets(js([list(s) for s in groupingSets]), _columns(cols)), self)

    def agg(self, *exprs: Any) -> "DataFrame":
        return self.groupBy().agg(*exprs)

    def unpivot(self, ids: Any, values: Any, variableColumnName: str, valueColumnName: str) -> "DataFrame":
        return self._new(self._js.unpivot(js(ids), js(values, True), variableColumnName, valueColumnName))

    melt = unpivot

    def checkpoint(self, eager: bool = True) -> "DataFrame":
        return self._new(self._js.checkpoint(bool(eager)))

    def localCheckpoint(self, eager: bool = True, storageLevel: Optional[Any] = None) -> "DataFrame":
        return self._new(self._js.localCheckpoint(bool(eager)))

    def transpose(self, indexColumn: Optional[ColumnOrName] = None) -> "DataFrame":
        # The index values are found by a query now, as PySpark's transpose runs one during analysis.
        return self._new(wait(self._js.transpose(js(indexColumn)), "resolve"))

    def orderBy(self, *cols: Any, ascending: Union[bool, List[bool], None] = None) -> "DataFrame":
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = tuple(cols[0])
        if ascending is not None:
            flags = ascending if isinstance(ascending, list) else [ascending] * len(cols)
            cols = tuple(
                (Column(self._js.col(c)) if isinstance(c, str) else c).asc()
                if up
                else (Column(self._js.col(c)) if isinstance(c, str) else c).desc()
                for c, up in zip(cols, flags)
            )
        return self._new(self._js.orderBy(_columns(cols)))

    sort = orderBy

    def sortWithinPartitions(self, *cols: Any, ascending: Union[bool, List[bool], None] = None) -> "DataFrame":
        # One partition: sorting within it sorts the whole result (and a stream refuses it as any sort).
        return self.orderBy(*cols, ascending=ascending)

    def limit(self, num: int) -> "DataFrame":
        return self._new(self._js.limit(num))

    def distinct(self) -> "DataFrame":
        return self._new(self._js.distinct())

    def dropDuplicates(self, *subset: Union[str, List[str]]) -> "DataFrame":
        return self._new(self._js.dropDuplicates(js(_dedup_subset(subset))))

    drop_duplicates = dropDuplicates

    def dropDuplicatesWithinWatermark(self, *subset: Union[str, List[str]]) -> "DataFrame":
        return self._new(self._js.dropDuplicatesWithinWatermark(js(_dedup_subset(subset))))

    def union(self, other: "DataFrame") -> "DataFrame":
        return self._new(self._js.union(other._js))

    unionAll = union

    def unionByName(self, other: "DataFrame", allowMissingColumns: bool = False) -> "DataFrame":
        return self._new(self._js.unionByName(other._js, allowMissingColumns))

    def intersect(self, other: "DataFrame") -> "DataFrame":
        return self._new(self._js.intersect(other._js))

    def intersectAll(self, other: "DataFrame") -> "DataFrame":
        return self._new(self._js.intersectAll(other._js))

    def subtract(self, other: "DataFrame") -> "DataFrame":
        return self._new(self._js.subtract(other._js))

    def exceptAll(self, other: "DataFrame") -> "DataFrame":
        return self._new(self._js.exceptAll(other._js))

    @property
    def na(self) -> "DataFrameNaFunctions":
        return DataFrameNaFunctions(self)

    def fillna(self, value: Any, subset: Any = None) -> "DataFrame":
        if not isinstance(value, (float, int, str, bool, dict)):
            raise PySparkTypeError(
                errorClass="NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_STR",
                messageParameters={"arg_name": "value", "arg_type": type(value).__name__},
            )
        return self._new(self._js.fillna(js(value), js(_subset(subset))))

    def dropna(self, how: str = "any", thresh: Optional[int] = None, subset: Any = None) -> "DataFrame":
        if how not in ("any", "all"):
            raise PySparkValueError(
                errorClass="VALUE_NOT_ANY_OR_ALL",
                messageParameters={"arg_name": "how", "arg_value": str(how)},
            )
        return self._new(self._js.dropna(how, thresh, js(_subset(subset))))

    def replace(self, to_replace: Any, value: Any = _NO_VALUE, subset: Any = None) -> "DataFrame":
        if value is _NO_VALUE:
            if not isinstance(to_replace, dict):
                raise PySparkTypeError(
                    errorClass="ARGUMENT_REQUIRED",
                    messageParameters={"arg_name": "value", "condition": "`to_replace` is not a dict"},
                )
            value = None
        if isinstance(to_replace, (list, tuple)) and isinstance(value, (list, tuple)) and len(to_replace) != len(value):
            raise PySparkValueError(
                errorClass="LENGTH_SHOULD_BE_THE_SAME",
                messageParameters={
                    "arg1": "to_replace", "arg2": "value",
                    "arg1_length": str(len(to_replace)), "arg2_length": str(len(value)),
                },
            )
        if isinstance(to_replace, dict):
            to_replace, value = list(to_replace.keys()), list(to_replace.values())
        return self._new(self._js.replace(js(to_replace), js(value, True), js(_subset(subset))))

    def join(self, other: "DataFrame", on: Any = None, how: Optional[str] = None) -> "DataFrame":
        if isinstance(on, (list, tuple)) and on and all(isinstance(c, Column) for c in on):
            condition = on[0]
            for c in on[1:]:
                condition = condition & c
            on = condition
        return self._new(self._js.join(other._js, js(on), how or "inner"))

    def crossJoin(self, other: "DataFrame") -> "DataFrame":
        return self._new(self._js.crossJoin(other._js))

    def alias(self, alias: str) -> "DataFrame":
        return self._new(self._js.alias(alias))

    def scalar(self) -> Column:
        return Column(self._js.scalar())

    def asTable(self) -> "TableArg":
        from pyspark.sql.table_arg import TableArg

        return TableArg(self._js.asTable())

    def lateralJoin(
        self, other: "DataFrame", on: Optional[Column] = None, how: Optional[str] = None
    ) -> "DataFrame":
        if on is None:
            return self._new(self._js.lateralJoin(other._js, None, how or "inner"))
        return self._new(self._js.lateralJoin(other._js, on._js, how or "inner"))

    def exists(self) -> Column:
        return Column(self._js.exists())

    def withWatermark(self, eventTime: str, delayThreshold: str) -> "DataFrame":
        return self._new(self._js.withWatermark(eventTime, delayThreshold))

    def describe(self, *cols: Any) -> "DataFrame":
        return self._new(self._js.describe(_columns(cols)))

    def summary(self, *statistics: str) -> "DataFrame":
        return self._new(self._js.summary(_columns(statistics)))

    def offset(self, num: int) -> "DataFrame":
        return self._new(self._js.offset(num))

    def sample(
        self, withReplacement: Any = None, fraction: Any = None, seed: Optional[int] = None
    ) -> "DataFrame":
        withReplacement, fraction, seed = _sample_arguments(withReplacement, fraction, seed)
        return self._new(self._js.sample(withReplacement, fraction, seed))

    def randomSplit(self, weights: List[float], seed: Optional[int] = None) -> List["DataFrame"]:
        for w in weights:
            if w < 0.0:
                raise PySparkValueError(
                    errorClass="VALUE_NOT_POSITIVE", messageParameters={"arg_name": "weights", "arg_value": str(w)}
                )
        seed = _js_seed(seed if seed is not None else random.randint(0, sys.maxsize))
        return [self._new(d) for d in self._js.randomSplit(js([float(w) for w in weights]), seed)]

    @property
    def stat(self) -> "DataFrameStatFunctions":
        return DataFrameStatFunctions(self)

    def approxQuantile(self, col: Any, probabilities: Any, relativeError: float) -> Any:
        if not isinstance(col, (str, list, tuple)):
            raise PySparkTypeError(
                errorClass="NOT_LIST_OR_STR_OR_TUPLE", messageParameters={"arg_name": "col", "arg_type": type(col).__name__}
            )
        names = [col] if isinstance(col, str) else list(col)
        for c in names:
            if not isinstance(c, str):
                raise PySparkTypeError(
                    errorClass="DISALLOWED_TYPE_FOR_CONTAINER",
                    messageParameters={
                        "arg_name": "col", "arg_type": type(col).__name__, "allowed_types": "str",
                        "item_type": type(c).__name__,
                    },
                )
        if not isinstance(probabilities, (list, tuple)):
            raise PySparkTypeError(
                errorClass="NOT_LIST_OR_TUPLE",
                messageParameters={"arg_name": "probabilities", "arg_type": type(probabilities).__name__},
            )
        for p in probabilities:
            if not isinstance(p, (float, int)) or isinstance(p, bool) or p < 0 or p > 1:
                raise PySparkTypeError(
                    errorClass="NOT_LIST_OF_FLOAT_OR_INT",
                    messageParameters={"arg_name": "probabilities", "arg_type": type(p).__name__},
                )
        if not isinstance(relativeError, (float, int)) or isinstance(relativeError, bool):
            raise PySparkTypeError(
                errorClass="NOT_FLOAT_OR_INT",
                messageParameters={"arg_name": "relativeError", "arg_type": type(relativeError).__name__},
            )
        if relativeError < 0:
            raise PySparkValueError(
                errorClass="NEGATIVE_VALUE",
                messageParameters={"arg_name": "relativeError", "arg_value": str(relativeError)},
            )
        probabilities = [float(p) for p in probabilities]
        answer = wait(self._js.stat, "approxQuantile", js(names), js(probabilities), float(relativeError)).to_py()
        answer = [[float(q) for q in qs] for qs in answer]
        return answer[0] if isinstance(col, str) else answer

    def corr(self, col1: str, col2: str, method: Optional[str] = None) -> float:
        _check_str("col1", col1)
        _check_str("col2", col2)
        if not method:
            method = "pearson"
        if method != "pearson":
            raise PySparkValueError(
                errorClass="VALUE_NOT_PEARSON", messageParameters={"arg_name": "method", "arg_value": method}
            )
        return float(wait(self._js.stat, "corr", col1, col2, method))

    def cov(self, col1: str, col2: str) -> float:
        _check_str("col1", col1)
        _check_str("col2", col2)
        return float(wait(self._js.stat, "cov", col1, col2))

    def crosstab(self, col1: str, col2: str) -> "DataFrame":
        _check_str("col1", col1)
        _check_str("col2", col2)
        return self._new(wait(self._js.stat.crosstab(col1, col2), "resolve"))

    def freqItems(self, cols: Any, support: Optional[float] = None) -> "DataFrame":
        if isinstance(cols, tuple):
            cols = list(cols)
        if not isinstance(cols, list):
            raise PySparkTypeError(
                errorClass="NOT_LIST_OR_TUPLE", messageParameters={"arg_name": "cols", "arg_type": type(cols).__name__}
            )
        support = 0.01 if support is None else support
        return self._new(wait(self._js.stat.freqItems(js(cols), float(support)), "resolve"))

    def sampleBy(self, col: Any, fractions: Dict[Any, float], seed: Optional[int] = None) -> "DataFrame":
        if not isinstance(col, (str, Column)):
            raise PySparkTypeError(
                errorClass="NOT_COLUMN_OR_STR", messageParameters={"arg_name": "col", "arg_type": type(col).__name__}
            )
        if not isinstance(fractions, dict):
            raise PySparkTypeError(
                errorClass="NOT_DICT", messageParameters={"arg_name": "fractions", "arg_type": type(fractions).__name__}
            )
        for k, v in fractions.items():
            if not isinstance(k, (float, int, str)):
                raise PySparkTypeError(
                    errorClass="DISALLOWED_TYPE_FOR_CONTAINER",
                    messageParameters={
                        "arg_name": "fractions", "arg_type": type(fractions).__name__,
                        "allowed_types": "float, int, str", "item_type": type(k).__name__,
                    },
                )
            fractions[k] = float(v)
        seed = _js_seed(seed if seed is not None else random.randint(0, sys.maxsize))
        strata = bridge.mapOf(js([[k, v] for k, v in fractions.items()]))
        return self._new(self._js.stat.sampleBy(js(col), strata, seed))

    def observe(self, observation: Any, *exprs: Column) -> "DataFrame":
        from pyspark.sql.observation import Observation

        if not isinstance(observation, (str, Observation)):
            raise PySparkTypeError(
                errorClass="NOT_OBSERVATION_OR_STR",
                messageParameters={"arg_name": "observation", "arg_type": type(observation).__name__},
            )
        if len(exprs) == 0:
            raise PySparkValueError(errorClass="CANNOT_BE_EMPTY", messageParameters={"item": "exprs"})
        if not all(isinstance(c, Column) for c in exprs):
            raise PySparkTypeError(errorClass="NOT_LIST_OF_COLUMN", messageParameters={"arg_name": "*exprs"})
        if isinstance(observation, Observation):
            return observation._on(self, *exprs)
        return self._new(self._js.observe(observation, _columns(exprs)))

    def transform(self, func: Any, *args: Any, **kwargs: Any) -> "DataFrame":
        return func(self, *args, **kwargs)

    # Partitioning and caching mean nothing in one process; PySpark code that uses them still runs, and
    # `storageLevel` reports the level asked for.
    def cache(self) -> "DataFrame":
        return self.persist()

    def persist(self, storageLevel: Any = None) -> "DataFrame":
        from pyspark.storagelevel import StorageLevel

        level = StorageLevel.MEMORY_AND_DISK_DESER if storageLevel is None else storageLevel
        self._js.persist(
            bridge.storageLevel(
                level.useDisk, level.useMemory, level.useOffHeap, level.deserialized, level.replication
            )
        )
        return self

    def unpersist(self, blocking: bool = False) -> "DataFrame":
        self._js.unpersist(blocking)
        return self

    @property
    def storageLevel(self) -> Any:
        from pyspark.storagelevel import StorageLevel

        level = self._js.storageLevel
        return StorageLevel(
            bool(level.useDisk),
            bool(level.useMemory),
            bool(level.useOffHeap),
            bool(level.deserialized),
            int(level.replication),
        )

    def repartition(self, numPartitions: Any = None, *cols: Any) -> "DataFrame":
        return self

    def repartitionByRange(self, numPartitions: Any = None, *cols: Any) -> "DataFrame":
        return self

    def coalesce(self, numPartitions: int) -> "DataFrame":
        return self

    def createOrReplaceTempView(self, name: str) -> None:
        self._js.createOrReplaceTempView(name)

    def createTempView(self, name: str) -> None:
        self._js.createTempView(name)

    def registerTempTable(self, name: str) -> None:
        warnings.warn("Deprecated in 2.0, use createOrReplaceTempView instead.", FutureWarning)
        self._js.createOrReplaceTempView(name)

    def createOrReplaceGlobalTempView(self, name: str) -> None:
        self._js.createOrReplaceGlobalTempView(name)

    def createGlobalTempView(self, name: str) -> None:
        self._js.createGlobalTempView(name)

    # ── output ──
    @property
    def writeStream(self) -> "DataStreamWriter":
        from pyspark.sql.streaming.readwriter import DataStreamWriter

        return DataStreamWriter(self._js.writeStream, self)

    def writeTo(self, table: str) -> "DataFrameWriterV2":
        from pyspark.sql.readwriter import DataFrameWriterV2

        return DataFrameWriterV2(self, table)

    @property
    def write(self) -> "DataFrameWriter":
        from pyspark.sql.readwriter import DataFrameWriter

        return DataFrameWriter(self._js.write, self)

    # ── actions ──
    def collect(self) -> List[Row]:
        schema = self.schema
        values = from_json_string(wait(bridge, "collectJson", self._js))
        return [_from_engine(v, schema) for v in values]

    def toLocalIterator(self, prefetchPartitions: bool = False):
        return iter(self.collect())

    def count(self) -> int:
        return int(wait(self._js, "count"))

    def take(self, num: int) -> List[Row]:
        return self.limit(num).collect()

    def head(self, n: Optional[int] = None) -> Any:
        if n is None:
            rows = self.take(1)
            return rows[0] if rows else None
        return self.take(n)

    def first(self) -> Optional[Row]:
        return self.head()

    def tail(self, num: int) -> List[Row]:
        return self.collect()[-num:] if num > 0 else []

    def isEmpty(self) -> bool:
        return len(self.take(1)) == 0

    def show(self, n: int = 20, truncate: Union[bool, int] = True, vertical: bool = False) -> None:
        if not isinstance(n, int) or isinstance(n, bool):
            raise PySparkTypeError(
                errorClass="NOT_INT",
                messageParameters={"arg_name": "n", "arg_type": type(n).__name__},
            )
        print(wait(bridge, "showString", self._js, n, truncate, vertical), end="")

    def explain(self, extended: Union[bool, str, None] = None, mode: Optional[str] = None) -> None:
        """Prints the plan as Spark does: `explain()` the physical plan, `explain(True)` the logical plans too,
        `explain(mode=...)` with "simple", "extended", "codegen", "cost" or "formatted"."""
        if extended is not None and mode is not None:
            raise PySparkValueError(
                errorClass="CANNOT_SET_TOGETHER", messageParameters={"arg_list": "extended and mode"}
            )
        if extended is not None and not isinstance(extended, (bool, str)):
            raise PySparkTypeError(
                f"[NOT_BOOL_OR_STR] Argument `extended` should be a bool or str, got {type(extended).__name__}.",
                errorClass="NOT_BOOL_OR_STR",
                messageParameters={"arg_name": "extended", "arg_type": type(extended).__name__},
            )
        if mode is not None and not isinstance(mode, str):
            raise PySparkTypeError(
                errorClass="NOT_STR", messageParameters={"arg_name": "mode", "arg_type": type(mode).__name__}
            )
        if isinstance(extended, str):
            explain_mode = extended
        elif mode is not None:
            explain_mode = mode
        else:
            explain_mode = "extended" if extended else "simple"
        print(wait(bridge, "explainString", self._js, explain_mode))

    def toPandas(self):
        """A pandas DataFrame of the rows, where pandas is loadable; Sluice runs offline, without it."""
        try:
            import pandas
        except ImportError:
            raise PySparkImportError(
                "[PACKAGE_NOT_INSTALLED] Pandas >= 2.2.0 must be installed; however, it was not found. Sluice "
                "runs Python offline from Pyodide's npm package, which does not include pandas: use collect() "
                "for Row objects, or display(df) for a table.",
                errorClass="PACKAGE_NOT_INSTALLED",
                messageParameters={"package_name": "Pandas", "minimum_version": "2.2.0"},
            ) from None
        rows = self.collect()
        return pandas.DataFrame.from_records([tuple(r) for r in rows], columns=self.columns)


class DataFrameNaFunctions:
    """`df.na`: fill, drop and replace missing values, the same as the DataFrame's fillna, dropna, replace."""

    def __init__(self, df: DataFrame):
        self.df = df

    def drop(self, how: str = "any", thresh: Optional[int] = None, subset: Any = None) -> DataFrame:
        return self.df.dropna(how=how, thresh=thresh, subset=subset)

    def fill(self, value: Any, subset: Any = None) -> DataFrame:
        return self.df.fillna(value=value, subset=subset)

    def replace(self, to_replace: Any, value: Any = _NO_VALUE, subset: Any = None) -> DataFrame:
        return self.df.replace(to_replace, value, subset)


class DataFrameStatFunctions:
    """`df.stat`: approxQuantile, corr, cov, crosstab, freqItems and sampleBy, the same as the DataFrame's own."""

    def __init__(self, df: DataFrame):
        self.df = df

    def approxQuantile(self, col: Any, probabilities: Any, relativeError: float) -> Any:
        return self.df.approxQuantile(col, probabilities, relativeError)

    def corr(self, col1: str, col2: str, method: Optional[str] = None) -> float:
        return self.df.corr(col1, col2, method)

    def cov(self, col1: str, col2: str) -> float:
        return self.df.cov(col1, col2)

    def crosstab(self, col1: str, col2: str) -> DataFrame:
        return self.df.crosstab(col1, col2)

    def freqItems(self, cols: Any, support: Optional[float] = None) -> DataFrame:
        return self.df.freqItems(cols, support)

    def sampleBy(self, col: Any, fractions: Dict[Any, float], seed: Optional[int] = None) -> DataFrame:
        return self.df.sampleBy(col, fractions, seed)

    def countMinSketch(self, col: Any, eps: float, confidence: float, seed: int) -> Any:
        raise PySparkNotImplementedError(
            errorClass="NOT_IMPLEMENTED", messageParameters={"feature": "countMinSketch in Sluice"}
        )

    def bloomFilter(self, col: Any, expectedNumItems: int, fpp: float) -> Any:
        raise PySparkNotImplementedError(errorClass="NOT_IMPLEMENTED", messageParameters={"feature": "bloomFilter in Sluice"})
