"""pyspark.testing.utils: PySparkErrorTestUtils, what PySpark's tests check an error's condition and parameters with."""

from typing import Dict, Optional

from pyspark.errors import PySparkException

__all__ = ["PySparkErrorTestUtils"]


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
        self.assertIsInstance(
            exception,
            PySparkException,
            f"checkError requires 'PySparkException', got '{exception.__class__.__name__}'.",
        )
        expected = errorClass
        actual = exception.getCondition()
        self.assertEqual(expected, actual, f"Expected error class was '{expected}', got '{actual}'.")
        expected = messageParameters
        actual = exception.getMessageParameters()
        if matchPVals:
            self.assertEqual(
                len(expected),
                len(actual),
                "Expected message parameters count does not match actual message parameters count"
                f": {len(expected)}, {len(actual)}.",
            )
            for key, value in expected.items():
                self.assertIn(key, actual, f"Expected message parameter key '{key}' was not found.")
                self.assertRegex(actual[key], value)
        else:
            self.assertEqual(expected, actual, f"Expected message parameters was '{expected}', got '{actual}'")
