"""pyspark.sql.udf: Python functions called per row."""

from typing import Any, Callable, Optional

from pyspark.sql.column import Column
from pyspark.sql.types import DataType

class UserDefinedFunction:
    """A Python function called per row; made by `pyspark.sql.functions.udf`."""

    func: Callable[..., Any]
    evalType: int
    deterministic: bool
    def __init__(self, func: Callable[..., Any], returnType: Any = ..., name: Optional[str] = None, evalType: int = 100, deterministic: bool = True) -> None: ...
    @property
    def returnType(self) -> DataType:
        """The type of the function's results."""
    def __call__(self, *cols: Any) -> Column:
        """A Column calling the function on these columns."""
    def asNondeterministic(self) -> UserDefinedFunction:
        """Marks the function nondeterministic: evaluated exactly once per row."""

class UDFRegistration:
    """`spark.udf`: registers Python functions for SQL."""

    def __init__(self, sparkSession: Any) -> None: ...
    def register(self, name: str, f: Any, returnType: Any = None) -> Any:
        """Registers `f` (a function or a UDF) as the SQL function `name`; returns it as a UDF."""
    def registerJavaFunction(self, name: str, javaClassName: str, returnType: Any = None) -> None:
        """Not available: Sluice runs no JVM (raises CANNOT_LOAD_FUNCTION_CLASS)."""
    def registerJavaUDAF(self, name: str, javaClassName: str) -> None:
        """Not available: Sluice runs no JVM (raises CANNOT_LOAD_FUNCTION_CLASS)."""
