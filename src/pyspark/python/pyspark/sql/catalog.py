"""pyspark.sql.catalog.Catalog: `spark.catalog`, the session's temporary views and memory-sink tables."""

from typing import List, NamedTuple, Optional

from pyspark.errors.exceptions.captured import captured
from pyspark.sql.utils import is_js_null

__all__ = ["Catalog", "Table"]


class Table(NamedTuple):
    name: str
    catalog: Optional[str]
    namespace: Optional[List[str]]
    description: Optional[str]
    tableType: str
    isTemporary: bool


@captured
class Catalog:
    def __init__(self, jcatalog):
        self._js = jcatalog

    def listTables(self, dbName: Optional[str] = None, pattern: Optional[str] = None) -> List[Table]:
        tables = []
        for t in self._js.listTables():
            name = str(t.name)
            if pattern is not None and not _like(name, pattern):
                continue
            tables.append(
                Table(
                    name=name,
                    catalog=None if is_js_null(t.catalog) else str(t.catalog),
                    namespace=[str(n) for n in t.namespace],
                    description=None if is_js_null(t.description) else str(t.description),
                    tableType=str(t.tableType),
                    isTemporary=bool(t.isTemporary),
                )
            )
        return tables

    def tableExists(self, tableName: str, dbName: Optional[str] = None) -> bool:
        return bool(self._js.tableExists(tableName))

    def dropTempView(self, viewName: str) -> bool:
        return bool(self._js.dropTempView(viewName))


def _like(name: str, pattern: str) -> bool:
    import fnmatch

    return fnmatch.fnmatch(name.lower(), pattern.lower().replace("%", "*"))
