"""pyspark.testing.utils: PySparkErrorTestUtils, what PySpark's tests check an error's condition and parameters with."""

from typing import Dict, Optional

from pyspark.errors import PySparkException

class PySparkErrorTestUtils:
    """A mixin for a unittest.TestCase: `check_error` compares a PySpark error's condition and parameters."""

    def check_error(
        self,
        exception: PySparkException,
        errorClass: str,
        messageParameters: Optional[Dict[str, str]] = None,
        query_context_type: Optional[object] = None,
        fragment: Optional[str] = None,
        matchPVals: bool = False,
    ) -> None:
        """Asserts `exception` is a PySparkException with `errorClass` and `messageParameters` (regexes if matchPVals)."""
