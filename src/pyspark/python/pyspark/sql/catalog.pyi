"""pyspark.sql.catalog: `spark.catalog`."""

from typing import List, NamedTuple, Optional

class Table(NamedTuple):
    name: str
    catalog: Optional[str]
    namespace: Optional[List[str]]
    description: Optional[str]
    tableType: str
    isTemporary: bool

class Catalog:
    """The session's temporary views and memory-sink tables."""

    def listTables(self, dbName: Optional[str] = None, pattern: Optional[str] = None) -> List[Table]:
        """The tables and temporary views (memory sinks are tables)."""
    def tableExists(self, tableName: str, dbName: Optional[str] = None) -> bool:
        """Whether a table or view of that name exists."""
    def dropTempView(self, viewName: str) -> bool:
        """Drops a temporary view; whether there was one."""
