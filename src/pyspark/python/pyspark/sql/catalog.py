"""pyspark.sql.catalog.Catalog: `spark.catalog`, the databases, tables and views of the warehouse and the
session's temporary views (the engine's Catalog, Spark's CatalogImpl)."""

import warnings
from typing import TYPE_CHECKING, Any, List, NamedTuple, Optional, Union

from pyspark._sluice import js_object, wait
from pyspark.errors.exceptions.captured import captured
from pyspark.sql.types import StructType
from pyspark.sql.utils import is_js_null

if TYPE_CHECKING:
    from pyspark.sql.dataframe import DataFrame
    from pyspark.sql.session import SparkSession

__all__ = ["Catalog", "CatalogMetadata", "Column", "Database", "Table"]


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
        if self.namespace is not None and len(self.namespace) == 1:
            return self.namespace[0]
        return None


class Column(NamedTuple):
    name: str
    description: Optional[str]
    dataType: str
    nullable: bool
    isPartition: bool
    isBucket: bool
    isCluster: bool


def _option(value: Any) -> str:
    """An option's value as Spark keeps it: a string, booleans as "true" / "false"."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _str(value: Any) -> Optional[str]:
    return None if is_js_null(value) else str(value)


@captured
class Catalog:
    """`spark.catalog`: list, look up, create and drop tables and views; change the current database."""

    def __init__(self, jcatalog, session: "SparkSession"):
        self._js = jcatalog
        self._sparkSession = session

    # ── catalogs and databases ──
    def currentCatalog(self) -> str:
        return str(self._js.currentCatalog())

    def setCurrentCatalog(self, catalogName: str) -> None:
        self._js.setCurrentCatalog(catalogName)

    def listCatalogs(self, pattern: Optional[str] = None) -> List[CatalogMetadata]:
        return [CatalogMetadata(str(c.name), _str(c.description)) for c in self._js.listCatalogs(pattern)]

    def currentDatabase(self) -> str:
        return str(self._js.currentDatabase())

    def setCurrentDatabase(self, dbName: str) -> None:
        self._js.setCurrentDatabase(dbName)

    def listDatabases(self, pattern: Optional[str] = None) -> List[Database]:
        return [_database(d) for d in self._js.listDatabases(pattern)]

    def getDatabase(self, dbName: str) -> Database:
        return _database(self._js.getDatabase(dbName))

    def databaseExists(self, dbName: str) -> bool:
        return bool(self._js.databaseExists(dbName))

    # ── tables and views ──
    def listTables(self, dbName: Optional[str] = None, pattern: Optional[str] = None) -> List[Table]:
        return [_table(t) for t in self._js.listTables(dbName, pattern)]

    def getTable(self, tableName: str) -> Table:
        return _table(self._js.getTable(tableName))

    def tableExists(self, tableName: str, dbName: Optional[str] = None) -> bool:
        if dbName is None:
            return bool(self._js.tableExists(tableName))
        return bool(self._js.tableExists(dbName, tableName))

    def functionExists(self, functionName: str, dbName: Optional[str] = None) -> bool:
        if dbName is not None:
            warnings.warn(
                "`dbName` has been deprecated since Spark 3.4 and might be removed in "
                "a future version. Use functionExists(`dbName.tableName`) instead.",
                FutureWarning,
            )
        return bool(self._js.functionExists(functionName, dbName))

    def listColumns(self, tableName: str, dbName: Optional[str] = None) -> List[Column]:
        return [
            Column(
                name=str(c.name),
                description=_str(c.description),
                dataType=str(c.dataType),
                nullable=bool(c.nullable),
                isPartition=bool(c.isPartition),
                isBucket=bool(c.isBucket),
                isCluster=bool(c.isCluster),
            )
            for c in self._js.listColumns(tableName, dbName)
        ]

    def createTable(
        self,
        tableName: str,
        path: Optional[str] = None,
        source: Optional[str] = None,
        schema: Optional[Union[StructType, str]] = None,
        description: Optional[str] = None,
        **options: str,
    ) -> "DataFrame":
        spec = {
            "path": path,
            "source": source,
            "schema": schema,
            "description": description,
            "options": {k: _option(v) for k, v in options.items() if v is not None},
        }
        return self._df(self._js.createTable(tableName, js_object({k: v for k, v in spec.items() if v is not None})))

    def createExternalTable(
        self,
        tableName: str,
        path: Optional[str] = None,
        source: Optional[str] = None,
        schema: Optional[Union[StructType, str]] = None,
        **options: str,
    ) -> "DataFrame":
        return self.createTable(tableName, path, source, schema, **options)

    def dropTempView(self, viewName: str) -> bool:
        return bool(self._js.dropTempView(viewName))

    def dropGlobalTempView(self, viewName: str) -> bool:
        return bool(self._js.dropGlobalTempView(viewName))

    def registerFunction(self, name: str, f: Any, returnType: Any = None) -> Any:
        """Deprecated in PySpark for `spark.udf.register`, which it calls."""
        import warnings

        from pyspark.sql import SparkSession

        warnings.warn("Deprecated in 2.3.0. Use spark.udf.register instead.", FutureWarning)
        return SparkSession.active().udf.register(name, f, returnType)

    # ── caching and refreshing ──
    def isCached(self, tableName: str) -> bool:
        return bool(self._js.isCached(tableName))

    def cacheTable(self, tableName: str, storageLevel: Any = None) -> None:
        self._js.cacheTable(tableName)

    def uncacheTable(self, tableName: str) -> None:
        self._js.uncacheTable(tableName)

    def clearCache(self) -> None:
        self._js.clearCache()

    def refreshTable(self, tableName: str) -> None:
        self._js.refreshTable(tableName)

    def recoverPartitions(self, tableName: str) -> None:
        self._js.recoverPartitions(tableName)

    def refreshByPath(self, path: str) -> None:
        self._js.refreshByPath(path)

    def _df(self, jdf) -> "DataFrame":
        """A DataFrame over a table a command made: once its directory and metadata are written."""
        from pyspark.sql.dataframe import DataFrame

        return DataFrame(wait(jdf, "resolve"), self._sparkSession)


def _database(d) -> Database:
    return Database(
        name=str(d.name), catalog=_str(d.catalog), description=_str(d.description), locationUri=str(d.locationUri)
    )


def _table(t) -> Table:
    return Table(
        name=str(t.name),
        catalog=_str(t.catalog),
        namespace=None if is_js_null(t.namespace) else [str(n) for n in t.namespace],
        description=_str(t.description),
        tableType=str(t.tableType),
        isTemporary=bool(t.isTemporary),
    )
