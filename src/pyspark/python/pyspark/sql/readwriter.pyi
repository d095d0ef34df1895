"""pyspark.sql.readwriter: `spark.read` and `df.write`."""

from typing import Any, List, Optional, Union

from pyspark.sql.dataframe import DataFrame
from pyspark.sql.types import StructType

PathOrPaths = Union[str, List[str]]

class DataFrameReader:
    """`spark.read`: a batch DataFrame from files (parquet, csv, json, text) or a table."""

    def format(self, source: str) -> DataFrameReader:
        """The file format: "parquet", "csv", "json", "text"."""
    def schema(self, schema: Union[StructType, str]) -> DataFrameReader:
        """The schema, as a StructType or DDL ("a INT, b STRING")."""
    def option(self, key: str, value: Any) -> DataFrameReader:
        """A reader option ("header", "inferSchema", "sep", ...)."""
    def options(self, **options: Any) -> DataFrameReader:
        """Several reader options."""
    def load(self, path: Optional[PathOrPaths] = None, format: Optional[str] = None, schema: Union[StructType, str, None] = None, **options: Any) -> DataFrame:
        """Reads the files at `path`."""
    def parquet(self, *paths: str, **options: Any) -> DataFrame:
        """Reads Parquet files."""
    def csv(self, path: PathOrPaths, schema: Union[StructType, str, None] = None, **options: Any) -> DataFrame:
        """Reads CSV files (`header=True`, `inferSchema=True`, `sep=";"`...)."""
    def json(self, path: PathOrPaths, schema: Union[StructType, str, None] = None, **options: Any) -> DataFrame:
        """Reads JSON-lines files."""
    def text(self, paths: PathOrPaths, **options: Any) -> DataFrame:
        """Reads text files, a row per line in a column `value`."""
    def xml(self, path: PathOrPaths, rowTag: Optional[str] = None, schema: Union[StructType, str, None] = None, **options: Any) -> DataFrame:
        """Reads XML files: a row per `rowTag` element (required), attributes as `_`-prefixed fields."""
    def table(self, tableName: str) -> DataFrame:
        """A table or view of the catalog ("t", "db.t"), or a temporary view."""

class DataFrameWriter:
    """`df.write`: saves a batch DataFrame as files or a table."""

    def mode(self, saveMode: Optional[str]) -> DataFrameWriter:
        """What to do if the path exists: "error", "append", "overwrite", "ignore"."""
    def format(self, source: str) -> DataFrameWriter:
        """The file format."""
    def option(self, key: str, value: Any) -> DataFrameWriter:
        """A writer option."""
    def options(self, **options: Any) -> DataFrameWriter:
        """Several writer options."""
    def partitionBy(self, *cols: Any) -> DataFrameWriter:
        """Writes a directory per value of these columns (key=value)."""
    def save(self, path: Optional[str] = None, format: Optional[str] = None, mode: Optional[str] = None, partitionBy: Any = None, **options: Any) -> None:
        """Writes the files."""
    def parquet(self, path: str, mode: Optional[str] = None, partitionBy: Any = None, **options: Any) -> None:
        """Writes Parquet files."""
    def csv(self, path: str, mode: Optional[str] = None, **options: Any) -> None:
        """Writes CSV files."""
    def json(self, path: str, mode: Optional[str] = None, **options: Any) -> None:
        """Writes JSON-lines files."""
    def text(self, path: str, **options: Any) -> None:
        """Writes text files."""
    def xml(self, path: str, rowTag: Optional[str] = None, mode: Optional[str] = None, **options: Any) -> None:
        """Writes XML files: a `rowTag` element per row inside one `rootTag` element."""
    def clusterBy(self, *cols: Any) -> DataFrameWriter:
        """The clustering columns of the table saveAsTable creates (recorded in the catalog)."""
    def saveAsTable(self, name: str, format: Optional[str] = None, mode: Optional[str] = None, partitionBy: Any = None, **options: Any) -> None:
        """Saves as a table of the catalog, kept in the warehouse; the mode decides where it exists ("append",
        "overwrite", "ignore", "error")."""
    def insertInto(self, tableName: str, overwrite: Optional[bool] = None) -> None:
        """Inserts the rows into an existing table, by position; `overwrite=True` replaces its rows."""

class DataFrameWriterV2:
    """`df.writeTo(table)`: creates, replaces, appends to or overwrites a table of the catalog."""
    def using(self, provider: str) -> DataFrameWriterV2:
        """The table's format (parquet, csv, json, text)."""
    def option(self, key: str, value: Any) -> DataFrameWriterV2: ...
    def options(self, **options: Any) -> DataFrameWriterV2: ...
    def tableProperty(self, property: str, value: str) -> DataFrameWriterV2:
        """A property of the table to create ("location" makes it external)."""
    def partitionedBy(self, col: Any, *cols: Any) -> DataFrameWriterV2:
        """The partition columns of the table to create (column references)."""
    def clusterBy(self, col: str, *cols: str) -> DataFrameWriterV2:
        """The clustering columns of the table to create."""
    def create(self) -> None:
        """Creates the table; TABLE_OR_VIEW_ALREADY_EXISTS where it exists."""
    def replace(self) -> None:
        """Replaces the table; TABLE_OR_VIEW_NOT_FOUND where it is missing."""
    def createOrReplace(self) -> None:
        """Replaces the table, or creates it."""
    def append(self) -> None:
        """Appends the rows, by column name."""
    def overwrite(self, condition: Any) -> None:
        """Deletes the rows the condition holds for, then appends."""
    def overwritePartitions(self) -> None:
        """Replaces the partitions the rows fall in."""
