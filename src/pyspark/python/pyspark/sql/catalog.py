"""pyspark.sql.catalog.Catalog: `spark.catalog`, the databases, tables and views of the warehouse and the
session's temporary views (the engine's Catalog, Spark's CatalogImpl)."""

import warnings
from typing import TYPE_CHECKING, Any, Dict, List, NamedTuple, Optional, Union

from pyspark._sluice import js_object, wait
from pyspark.errors.exceptions.captured import captured
from pyspark.sql.types import StructType
from pyspark.sql.utils import is_js_null

if TYPE_CHECKING:
    from pyspark.sql.dataframe import DataFrame
    from pyspark.sql.session import SparkSession

__all__ = ["Catalog", "CatalogMetadata", "CatalogTablePartition", "Column", "Database", "Function", "Table"]


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


class Function(NamedTuple):
    name: str
    catalog: Optional[str]
    namespace: Optional[List[str]]
    description: Optional[str]
    className: str
    isTemporary: bool


class CatalogTablePartition(NamedTuple):
    partition: str


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

    def createDatabase(
        self, dbName: str, ifNotExists: bool = False, properties: Optional[Dict[str, str]] = None
    ) -> None:
        props = js_object({k: _option(v) for k, v in (properties or {}).items()})
        wait(self._js, "createDatabase", dbName, bool(ifNotExists), props)

    def dropDatabase(self, dbName: str, ifExists: bool = False, cascade: bool = False) -> None:
        wait(self._js, "dropDatabase", dbName, bool(ifExists), bool(cascade))

    # ── tables and views ──
    def listTables(self, dbName: Optional[str] = None, pattern: Optional[str] = None) -> List[Table]:
        return [_table(t) for t in self._js.listTables(dbName, pattern)]

    def getTable(self, tableName: str) -> Table:
        return _table(self._js.getTable(tableName))

    def listViews(self, dbName: Optional[str] = None, pattern: Optional[str] = None) -> List[Table]:
        if pattern is not None and dbName is None:
            dbName = self.currentDatabase()
        return [_table(t) for t in self._js.listViews(dbName, pattern)]

    def listFunctions(self, dbName: Optional[str] = None, pattern: Optional[str] = None) -> List[Function]:
        return [_function(f) for f in self._js.listFunctions(dbName, pattern)]

    def getFunction(self, functionName: str) -> Function:
        return _function(self._js.getFunction(functionName))

    def listPartitions(self, tableName: str) -> List[CatalogTablePartition]:
        return [CatalogTablePartition(partition=str(p.partition)) for p in wait(self._js, "listPartitions", tableName)]

    def getTableProperties(self, tableName: str) -> Dict[str, str]:
        props = self._js.getTableProperties(tableName)
        return {str(k): str(v) for k, v in props.to_py().items()}

    def getCreateTableString(self, tableName: str, asSerde: bool = False) -> str:
        return str(self._js.getCreateTableString(tableName, bool(asSerde)))

    def dropTable(self, tableName: str, ifExists: bool = False, purge: bool = False) -> None:
        wait(self._js, "dropTable", tableName, bool(ifExists), bool(purge))

    def dropView(self, viewName: str, ifExists: bool = False) -> None:
        wait(self._js, "dropView", viewName, bool(ifExists))

    def truncateTable(self, tableName: str) -> None:
        wait(self._js, "truncateTable", tableName)

    def analyzeTable(self, tableName: str, noScan: bool = False) -> None:
        wait(self._js, "analyzeTable", tableName, bool(noScan))

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


def _function(f) -> Function:
    return Function(
        name=str(f.name),
        catalog=_str(f.catalog),
        namespace=None if is_js_null(f.namespace) else [str(n) for n in f.namespace],
        description=_str(f.description),
        className=str(f.className),
        isTemporary=bool(f.isTemporary),
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
