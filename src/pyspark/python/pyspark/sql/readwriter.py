"""pyspark.sql.DataFrameReader / DataFrameWriter: `spark.read` and `df.write` for batch data."""

from typing import TYPE_CHECKING, Any, List, Optional, Union

from pyspark._sluice import js, options as js_options, sync_files, wait
from pyspark.errors import PySparkTypeError
from pyspark.errors.exceptions.captured import captured
from pyspark.sql.types import StructType

if TYPE_CHECKING:
    from pyspark.sql.dataframe import DataFrame
    from pyspark.sql.session import SparkSession

__all__ = ["DataFrameReader", "DataFrameWriter", "DataFrameWriterV2"]

PathOrPaths = Union[str, List[str]]


class OptionUtils:
    def _set_opts(self, schema: Union[StructType, str, None] = None, **options: Any) -> None:
        """Keyword arguments as options, leaving out those not given (None), as PySpark does."""
        if schema is not None:
            self.schema(schema)  # type: ignore[attr-defined]
        given = {k: v for k, v in options.items() if v is not None}
        if given:
            self._js = self._js.options(js_options(given))


@captured
class _Reader(OptionUtils):
    """What spark.read and spark.readStream share: the format, the schema, the options."""

    def __init__(self, jreader, spark: "SparkSession"):
        self._js = jreader
        self._spark = spark

    def _df(self, jdf) -> "DataFrame":
        from pyspark.sql.dataframe import DataFrame

        return DataFrame(jdf, self._spark)

    def format(self, source: str):
        self._js = self._js.format(source)
        return self

    def schema(self, schema: Union[StructType, str]):
        if not isinstance(schema, (StructType, str)):
            raise PySparkTypeError(
                errorClass="NOT_STR_OR_STRUCT",
                messageParameters={"arg_name": "schema", "arg_type": type(schema).__name__},
            )
        self._js = self._js.schema(js(schema))
        return self

    def option(self, key: str, value: Any):
        if value is None:  # not given, as options(key=None) (PySpark's test_option_none_is_filtered)
            return self
        self._js = self._js.option(key, js(value))
        return self

    def options(self, **options: Any):
        self._set_opts(**options)
        return self


@captured
class DataFrameReader(_Reader):
    """`spark.read`: a batch DataFrame from files or a table."""

    def _df(self, jdf) -> "DataFrame":
        # Files read without a schema are listed and sampled for one; PySpark's reader returns once it is known,
        # so the DataFrame's schema, columns and printSchema() answer at once.
        return super()._df(wait(jdf, "resolve"))

    def load(
        self,
        path: Optional[PathOrPaths] = None,
        format: Optional[str] = None,
        schema: Union[StructType, str, None] = None,
        **options: Any,
    ) -> "DataFrame":
        if format is not None:
            self.format(format)
        self._set_opts(schema=schema, **options)
        sync_files()
        if path is None:
            return self._df(self._js.load())
        return self._df(self._js.load(js(path)))

    def parquet(self, *paths: str, **options: Any) -> "DataFrame":
        self._set_opts(**options)
        sync_files()
        return self._df(self._js.parquet(js(list(paths))))

    def csv(self, path: PathOrPaths, schema: Union[StructType, str, None] = None, **options: Any) -> "DataFrame":
        self._set_opts(schema=schema, **options)
        sync_files()
        return self._df(self._js.csv(js(path)))

    def json(self, path: PathOrPaths, schema: Union[StructType, str, None] = None, **options: Any) -> "DataFrame":
        self._set_opts(schema=schema, **options)
        sync_files()
        return self._df(self._js.json(js(path)))

    def text(self, paths: PathOrPaths, **options: Any) -> "DataFrame":
        self._set_opts(**options)
        sync_files()
        return self._df(self._js.text(js(paths)))

    def xml(
        self, path: PathOrPaths, rowTag: Optional[str] = None, schema: Union[StructType, str, None] = None,
        **options: Any,
    ) -> "DataFrame":
        self._set_opts(schema=schema, rowTag=rowTag, **options)
        sync_files()
        return self._df(self._js.xml(js(path)))

    def table(self, tableName: str) -> "DataFrame":
        return self._df(self._js.table(tableName))


@captured
class _Writer(OptionUtils):
    """What df.write and df.writeStream share: the format, the options, the partition columns."""

    def __init__(self, jwriter, df: "DataFrame"):
        self._js = jwriter
        self._df = df

    def format(self, source: str):
        self._js = self._js.format(source)
        return self

    def option(self, key: str, value: Any):
        if value is None:  # not given, as options(key=None) (PySpark's test_option_none_is_filtered)
            return self
        self._js = self._js.option(key, js(value))
        return self

    def options(self, **options: Any):
        self._set_opts(**options)
        return self

    def partitionBy(self, *cols: Any):
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = tuple(cols[0])
        self._js = self._js.partitionBy(js(list(cols)))
        return self

    def clusterBy(self, *cols: Any):
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = tuple(cols[0])
        self._js = self._js.clusterBy(js(list(cols)))
        return self


@captured
class DataFrameWriter(_Writer):
    """`df.write`: saves a batch DataFrame as files or a table."""

    def mode(self, saveMode: Optional[str]) -> "DataFrameWriter":
        if saveMode is not None:
            self._js = self._js.mode(saveMode)
        return self

    def _prepare(self, format: Optional[str], mode: Optional[str], partitionBy: Any, options: dict) -> None:
        if format is not None:
            self.format(format)
        self.mode(mode)
        if partitionBy is not None:
            self.partitionBy(partitionBy)
        self._set_opts(**options)

    def save(
        self,
        path: Optional[str] = None,
        format: Optional[str] = None,
        mode: Optional[str] = None,
        partitionBy: Any = None,
        **options: Any,
    ) -> None:
        self._prepare(format, mode, partitionBy, options)
        wait(self._js, "save", path)

    def parquet(self, path: str, mode: Optional[str] = None, partitionBy: Any = None, **options: Any) -> None:
        self._prepare("parquet", mode, partitionBy, options)
        wait(self._js, "save", path)

    def csv(self, path: str, mode: Optional[str] = None, **options: Any) -> None:
        self._prepare("csv", mode, None, options)
        wait(self._js, "save", path)

    def json(self, path: str, mode: Optional[str] = None, **options: Any) -> None:
        self._prepare("json", mode, None, options)
        wait(self._js, "save", path)

    def text(self, path: str, **options: Any) -> None:
        self._prepare("text", None, None, options)
        wait(self._js, "save", path)

    def xml(
        self, path: str, rowTag: Optional[str] = None, mode: Optional[str] = None, **options: Any
    ) -> None:
        if rowTag is not None:
            options["rowTag"] = rowTag
        self._prepare("xml", mode, None, options)
        wait(self._js, "save", path)

    def saveAsTable(
        self, name: str, format: Optional[str] = None, mode: Optional[str] = None, partitionBy: Any = None,
        **options: Any,
    ) -> None:
        self._prepare(format, mode, partitionBy, options)
        wait(self._js, "saveAsTable", name)

    def insertInto(self, tableName: str, overwrite: Optional[bool] = None) -> None:
        wait(self._js, "insertInto", tableName, overwrite)


@captured
class DataFrameWriterV2:
    """`df.writeTo(table)`: creates, replaces, appends to or overwrites a table of the catalog."""

    def __init__(self, df: Any, table: str):
        self._df = df
        self._js = df._js.writeTo(table)

    def using(self, provider: str) -> "DataFrameWriterV2":
        self._js = self._js.using(provider)
        return self

    def option(self, key: str, value: Any) -> "DataFrameWriterV2":
        self._js = self._js.option(key, _option_text(value))
        return self

    def options(self, **options: Any) -> "DataFrameWriterV2":
        for k, v in options.items():
            self.option(k, v)
        return self

    def tableProperty(self, property: str, value: str) -> "DataFrameWriterV2":
        self._js = self._js.tableProperty(property, value)
        return self

    def partitionedBy(self, col: Any, *cols: Any) -> "DataFrameWriterV2":
        self._js = self._js.partitionedBy(js(col), *[js(c) for c in cols])
        return self

    def clusterBy(self, col: str, *cols: str) -> "DataFrameWriterV2":
        self._js = self._js.clusterBy(col, *cols)
        return self

    def create(self) -> None:
        wait(self._js, "create")

    def replace(self) -> None:
        wait(self._js, "replace")

    def createOrReplace(self) -> None:
        wait(self._js, "createOrReplace")

    def append(self) -> None:
        wait(self._js, "append")

    def overwrite(self, condition: Any) -> None:
        wait(self._js, "overwrite", js(condition))

    def overwritePartitions(self) -> None:
        wait(self._js, "overwritePartitions")


def _option_text(value: Any) -> str:
    """An option's value as Spark's writers take it: booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
