from typing import Any

class TableArg:
    """A DataFrame as a table argument (Spark 4's df.asTable()); no Sluice table function takes one yet."""
    def partitionBy(self, *cols: Any) -> TableArg:
        """The rows partitioned by cols for the function (PARTITION BY)."""
    def orderBy(self, *cols: Any) -> TableArg:
        """Within each partition, the rows ordered by cols (ORDER BY)."""
    def withSinglePartition(self) -> TableArg:
        """Every row in one partition (WITH SINGLE PARTITION)."""
