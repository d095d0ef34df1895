"""pyspark.sql.catalog: `spark.catalog`."""

from typing import Any, Dict, List, NamedTuple, Optional, Union

from pyspark.sql.dataframe import DataFrame
from pyspark.sql.types import StructType

class CatalogMetadata(NamedTuple):
    name: str
    description: Optional[str]

class Database(NamedTuple):
    name: str
    catalog: Optional[str]
    description: Optional[str]
    locationUri: str

class Table(NamedTuple):
    name: str
    catalog: Optional[str]
    namespace: Optional[List[str]]
    description: Optional[str]
    tableType: str
    isTemporary: bool

    @property
    def database(self) -> Optional[str]:
        """The namespace's one part (None for a temporary view)."""

class Column(NamedTuple):
    name: str
    description: Optional[str]
    dataType: str
    nullable: bool
    isPartition: bool
    isBucket: bool
    isCluster: bool

class Function(NamedTuple):
    name: str
    catalog: Optional[str]
    namespace: Optional[List[str]]
    description: Optional[str]
    className: str
    isTemporary: bool

class CatalogTablePartition(NamedTuple):
    partition: str

class Catalog:
    """The databases, tables and views of the warehouse (kept across reloads), and the session's temporary
    views."""

    def currentCatalog(self) -> str:
        """The current catalog: "spark_catalog", the only one."""
    def setCurrentCatalog(self, catalogName: str) -> None:
        """Sets the current catalog (only "spark_catalog" exists)."""
    def listCatalogs(self, pattern: Optional[str] = None) -> List[CatalogMetadata]:
        """The catalogs."""
    def currentDatabase(self) -> str:
        """The database unqualified names are looked up in ("default" to begin with)."""
    def setCurrentDatabase(self, dbName: str) -> None:
        """Makes another database current."""
    def listDatabases(self, pattern: Optional[str] = None) -> List[Database]:
        """The databases, filtered by a pattern ("sales*")."""
    def getDatabase(self, dbName: str) -> Database:
        """A database."""
    def databaseExists(self, dbName: str) -> bool:
        """Whether the database exists."""
    def createDatabase(self, dbName: str, ifNotExists: bool = False, properties: Optional[Dict[str, str]] = None) -> None:
        """Creates a database; `properties` may give its "comment" and "location"."""
    def dropDatabase(self, dbName: str, ifExists: bool = False, cascade: bool = False) -> None:
        """Drops a database (its tables too with `cascade`)."""
    def listViews(self, dbName: Optional[str] = None, pattern: Optional[str] = None) -> List[Table]:
        """The views of a database (the current one by default), then the temporary views."""
    def listFunctions(self, dbName: Optional[str] = None, pattern: Optional[str] = None) -> List[Function]:
        """Spark's built-in functions and the temporary ones (spark.udf.register), filtered by a pattern."""
    def getFunction(self, functionName: str) -> Function:
        """A built-in or temporary function."""
    def listPartitions(self, tableName: str) -> List[CatalogTablePartition]:
        """A partitioned table's partitions ("p=1"), as SHOW PARTITIONS lists them."""
    def getTableProperties(self, tableName: str) -> Dict[str, str]:
        """A table's properties (TBLPROPERTIES)."""
    def getCreateTableString(self, tableName: str, asSerde: bool = False) -> str:
        """The statement SHOW CREATE TABLE gives."""
    def dropTable(self, tableName: str, ifExists: bool = False, purge: bool = False) -> None:
        """Drops a table (not a temporary view)."""
    def dropView(self, viewName: str, ifExists: bool = False) -> None:
        """Drops a persistent view."""
    def truncateTable(self, tableName: str) -> None:
        """Deletes a managed table's rows."""
    def analyzeTable(self, tableName: str, noScan: bool = False) -> None:
        """Computes a table's size and (without noScan) row count, as ANALYZE TABLE."""
    def listTables(self, dbName: Optional[str] = None, pattern: Optional[str] = None) -> List[Table]:
        """The tables and views of a database (the current one by default), then the temporary views."""
    def getTable(self, tableName: str) -> Table:
        """A table or view ("t", "db.t")."""
    def tableExists(self, tableName: str, dbName: Optional[str] = None) -> bool:
        """Whether a table or view of that name exists (temporary views too, without `dbName`)."""
    def functionExists(self, functionName: str, dbName: Optional[str] = None) -> bool:
        """Whether a built-in or temporary function (spark.udf.register) of that name exists."""
    def listColumns(self, tableName: str, dbName: Optional[str] = None) -> List[Column]:
        """The columns of a table or view."""
    def createTable(self, tableName: str, path: Optional[str] = None, source: Optional[str] = None, schema: Optional[Union[StructType, str]] = None, description: Optional[str] = None, **options: str) -> DataFrame:
        """Creates a table over the files at `path` (external), or a managed one with `schema`'s columns."""
    def createExternalTable(self, tableName: str, path: Optional[str] = None, source: Optional[str] = None, schema: Optional[Union[StructType, str]] = None, **options: str) -> DataFrame:
        """Creates a table over the files at `path` (Spark's older name for createTable)."""
    def dropTempView(self, viewName: str) -> bool:
        """Drops a temporary view; whether there was one."""
    def dropGlobalTempView(self, viewName: str) -> bool:
        """Drops a global temporary view; whether there was one."""
    def isCached(self, tableName: str) -> bool:
        """Whether cacheTable marked the table as cached."""
    def cacheTable(self, tableName: str, storageLevel: Any = None) -> None:
        """Marks the table as cached (Sluice reads tables from memory and files each time)."""
    def uncacheTable(self, tableName: str) -> None:
        """Unmarks the table as cached."""
    def clearCache(self) -> None:
        """Unmarks every cached table."""
    def refreshTable(self, tableName: str) -> None:
        """Checks the table exists (Sluice lists a table's files at each query)."""
    def recoverPartitions(self, tableName: str) -> None:
        """Nothing to do: Sluice finds a table's partitions in its directories."""
    def refreshByPath(self, path: str) -> None:
        """Nothing to do: Sluice lists files at each query."""
    def registerFunction(self, name: str, f: Any, returnType: Any = None) -> Any:
        """Deprecated: `spark.udf.register`, which it calls."""
