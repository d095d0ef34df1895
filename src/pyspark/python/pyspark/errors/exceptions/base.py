"""PySpark's exception classes, with Spark's error classes ("[UNRESOLVED_COLUMN.WITH_SUGGESTION] ...")."""

from typing import Dict, Optional


class PySparkException(Exception):
    """Base of PySpark's errors: a message, and Spark's error class and parameters where there is one."""

    def __init__(
        self,
        message: Optional[str] = None,
        errorClass: Optional[str] = None,
        messageParameters: Optional[Dict[str, str]] = None,
        **kwargs,
    ):
        # PySpark also takes error_class= / message_parameters= (its older spelling).
        errorClass = errorClass or kwargs.get("error_class")
        messageParameters = messageParameters or kwargs.get("message_parameters") or {}
        if message is None and errorClass is not None:
            message = _format(errorClass, messageParameters)
        self._message = message or ""
        self._errorClass = errorClass
        self._messageParameters = dict(messageParameters)
        # The SQL state of an engine error (its catalogue's); PySpark's own conditions have none.
        self._sqlState = kwargs.get("sqlState")
        # PySpark's CapturedException: the message as `desc`, and the converted cause of an engine error.
        self.desc = self._message
        self.cause: Optional["PySparkException"] = None
        super().__init__(self._message)

    def getCondition(self) -> Optional[str]:
        return self._errorClass

    def getErrorClass(self) -> Optional[str]:
        return self._errorClass

    def getMessageParameters(self) -> Dict[str, str]:
        return dict(self._messageParameters)

    def getSqlState(self) -> Optional[str]:
        return self._sqlState

    def getMessage(self) -> str:
        return self._message

    def __str__(self) -> str:
        return self._message


def _format(error_class: str, parameters: Dict[str, str]) -> str:
    template = _MESSAGES.get(error_class, error_class)
    for key, value in parameters.items():
        template = template.replace(f"<{key}>", str(value))
    return f"[{error_class}] {template}"


# The PySpark error classes this package raises itself (the engine words its own).
_MESSAGES = {
    "ARGUMENT_REQUIRED": "Argument `<arg_name>` is required when <condition>.",
    "CANNOT_ACCESS_TO_DUNDER": "Dunder(double underscore) attribute is for internal use only.",
    "CANNOT_CONVERT_TYPE": "Cannot convert <from_type> into <to_type>.",
    "CANNOT_PARSE_DATATYPE": "Unable to parse datatype. <msg>.",
    "HIGHER_ORDER_FUNCTION_SHOULD_RETURN_COLUMN": "Function `<func_name>` should return Column, got <return_type>.",
    "INVALID_TYPENAME_CALL": "StructField does not have typeName. Use typeName on its type explicitly instead.",
    "LENGTH_SHOULD_BE_THE_SAME": "<arg1> and <arg2> should be of the same length, got <arg1_length> and "
    "<arg2_length>.",
    "NO_ACTIVE_SESSION": "No active Spark session found. Please create a new Spark session before running the code.",
    "NOT_COLUMN_OR_INT_OR_LIST_OR_STR_OR_TUPLE": "Argument `<arg_name>` should be a Column, int, list, str or tuple, "
    "got <arg_type>.",
    "NOT_INT_OR_SLICE_OR_STR": "Argument `<arg_name>` should be an int, slice or str, got <arg_type>.",
    "NOT_LIST_OR_NONE_OR_STRUCT": "Argument `<arg_name>` should be a list, None or StructType, got <arg_type>.",
    "NOT_STR_OR_STRUCT": "Argument `<arg_name>` should be a str or struct type, got <arg_type>.",
    "SLICE_WITH_STEP": "Slice with step is not supported.",
    "TOO_MANY_VALUES": "Expected <expected> values for `<item>`, got <actual>.",
    "VALUE_NOT_TRUE": "Value for `<arg_name>` must be True, got '<arg_value>'.",
    "ATTRIBUTE_NOT_SUPPORTED": "Attribute `<attr_name>` is not supported.",
    "CANNOT_CONVERT_COLUMN_INTO_BOOL": "Cannot convert column into bool: please use '&' for 'and', '|' for 'or', "
    "'~' for 'not' when building DataFrame boolean expressions.",
    "ATTRIBUTE_NOT_CALLABLE": "Attribute `<attr_name>` in provided object `<obj_name>` is not callable.",
    "CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF": "returnType can not be specified when `<arg_name>` is a user-defined "
    "function, but got <return_type>.",
    "INVALID_UDF_EVAL_TYPE": "Eval type for UDF must be <eval_type>.",
    "CANNOT_APPLY_IN_FOR_COLUMN": "Cannot apply 'in' operator against a column: please use 'contains' in a string "
    "column or 'array_contains' function for an array column.",
    "CANNOT_INFER_EMPTY_SCHEMA": "Can not infer schema from an empty dataset.",
    "CANNOT_INFER_SCHEMA_FOR_TYPE": "Can not infer schema for type: `<data_type>`.",
    "CANNOT_INFER_TYPE_FOR_FIELD": "Unable to infer the type of the field `<field_name>`.",
    "CANNOT_MERGE_TYPE": "Can not merge type `<data_type1>` and `<data_type2>`.",
    "CANNOT_SET_TOGETHER": "<arg_list> should not be set together.",
    "KEY_NOT_EXISTS": "Key `<key>` is not exists.",
    "NOT_COLUMN": "Argument `<arg_name>` should be a Column, got <arg_type>.",
    "NOT_COLUMN_OR_STR": "Argument `<arg_name>` should be a Column or str, got <arg_type>.",
    "NOT_DATATYPE_OR_STR": "Argument `<arg_name>` should be a DataType or str, got <arg_type>.",
    "NOT_CALLABLE": "Argument `<arg_name>` should be a callable, got <arg_type>.",
    "NOT_INT": "Argument `<arg_name>` should be an int, got <arg_type>.",
    "NOT_LIST_OR_TUPLE": "Argument `<arg_name>` should be a list or tuple, got <arg_type>.",
    "NOT_LIST_OR_STR_OR_TUPLE": "Argument `<arg_name>` should be a list, str or tuple, got <arg_type>.",
    "NOT_LIST_OF_FLOAT_OR_INT": "Argument `<arg_name>` should be a list[float, int], got <arg_type>.",
    "NOT_FLOAT_OR_INT": "Argument `<arg_name>` should be a float or int, got <arg_type>.",
    "NOT_DICT": "Argument `<arg_name>` should be a dict, got <arg_type>.",
    "NOT_DATAFRAME": "Argument `<arg_name>` should be a DataFrame, got <arg_type>.",
    "NEGATIVE_VALUE": "Value for `<arg_name>` must be greater than or equal to 0, got '<arg_value>'.",
    "VALUE_NOT_PEARSON": "Value for `<arg_name>` only supports the 'pearson', got '<arg_value>'.",
    "DISALLOWED_TYPE_FOR_CONTAINER": "Argument `<arg_name>`(type: <arg_type>) should only contain a type in "
    "[<allowed_types>], got <item_type>",
    "REUSE_OBSERVATION": "An Observation can be used with a DataFrame only once.",
    "NO_OBSERVE_BEFORE_GET": "Should observe by calling `DataFrame.observe` before `get`.",
    "NOT_BOOL_OR_FLOAT_OR_INT": "Argument `<arg_name>` should be a bool, float or int, got <arg_type>.",
    "NOT_ITERABLE": "<objectName> is not iterable.",
    "NOT_STR": "Argument `<arg_name>` should be a str, got <arg_type>.",
    "NOT_IMPLEMENTED": "<feature> is not implemented.",
    "DATA_SOURCE_INVALID_RETURN_TYPE": "Unsupported return type ('<type>') from Python data source '<name>'. "
    "Expected types: <supported_types>.",
    "DATA_SOURCE_RETURN_SCHEMA_MISMATCH": "Return schema mismatch in the result from 'read' method. Expected: "
    "<expected> columns, Found: <actual> columns. Make sure the returned values match the required output schema.",
    "PYTHON_DATA_SOURCE_CREATE_ERROR": "Unable to create the Python data source <type>: <error>.",
    "PYTHON_DATA_SOURCE_METHOD_NOT_IMPLEMENTED": "Unable to create the Python data source <type> because the "
    "'<method>' method hasn't been implemented.",
    "PYTHON_DATA_SOURCE_TYPE_MISMATCH": "Expected <expected>, but got <actual>.",
    "CANNOT_BE_EMPTY": "At least one <item> must be specified.",
    "NOT_LIST_OF_COLUMN": "Argument `<arg_name>` should be a list[Column].",
    "NOT_OBSERVATION_OR_STR": "Argument `<arg_name>` should be an Observation or str, got <arg_type>.",
    "ONLY_ALLOW_SINGLE_TRIGGER": "Only a single trigger is allowed.",
    "PACKAGE_NOT_INSTALLED": "<package_name> >= <minimum_version> must be installed; however, it was not found.",
    "READ_ONLY": "<object> is read-only.",
    "UNSUPPORTED_DATA_TYPE": "Unsupported DataType `<data_type>`.",
    "UNSUPPORTED_OPERATION": "<operation> is not supported.",
    "VALUE_NOT_NON_EMPTY_STR": "Value for `<arg_name>` must be a non-empty string, got '<arg_value>'.",
    "VALUE_NOT_POSITIVE": "Value for `<arg_name>` must be positive, got '<arg_value>'.",
    "CANNOT_BE_NONE": "Argument `<arg_name>` cannot be None.",
    "CANNOT_WITHOUT": "Cannot <condition1> without <condition2>.",
    "INVALID_TIMEOUT_DURATION_STRING": "Invalid timeout duration string: '<duration>'. Expected an interval "
    "string such as '10 seconds' or '1 hour 30 minutes'.",
    "INVALID_TIMEOUT_TIMESTAMP": "Timeout timestamp (<timestamp>) cannot be earlier than the current watermark "
    "(<watermark>).",
    "STATE_NOT_EXISTS": "State is either not defined or has already been removed.",
    "WRONG_NUM_ARGS_FOR_HIGHER_ORDER_FUNCTION": "Function `<func_name>` should take between 1 and 3 arguments, "
    "but the provided function takes <num_args>.",
}


class AnalysisException(PySparkException):
    """The query cannot be analysed: an unknown column, a wrong type, an unsupported output mode..."""


class TempTableAlreadyExistsException(AnalysisException):
    pass


class ParseException(AnalysisException):
    """A SQL text, expression or DDL string that Spark cannot parse."""


class IllegalArgumentException(PySparkException):
    pass


class ArithmeticException(PySparkException):
    pass


class ArrayIndexOutOfBoundsException(PySparkException):
    pass


class DateTimeException(PySparkException):
    pass


class NumberFormatException(IllegalArgumentException):
    pass


class StreamingQueryException(PySparkException):
    """A streaming query failed; raised by awaitTermination() and returned by exception()."""


class QueryExecutionException(PySparkException):
    pass


class PythonException(PySparkException):
    """An exception raised by Python code the engine called (a UDF, a foreach writer, a foreachBatch function)."""


class UnsupportedOperationException(PySparkException):
    pass


class UnknownException(PySparkException):
    pass


class SparkRuntimeException(PySparkException):
    pass


class SparkNoSuchElementException(PySparkException):
    pass


class SparkUpgradeException(PySparkException):
    pass


class PySparkTypeError(PySparkException, TypeError):
    pass


class PySparkValueError(PySparkException, ValueError):
    pass


class PySparkAttributeError(PySparkException, AttributeError):
    pass


class PySparkRuntimeError(PySparkException, RuntimeError):
    pass


class PySparkAssertionError(PySparkException, AssertionError):
    pass


class PySparkNotImplementedError(PySparkException, NotImplementedError):
    pass


class PySparkImportError(PySparkException, ImportError):
    pass


class PySparkKeyError(PySparkException, KeyError):
    pass


class PySparkIndexError(PySparkException, IndexError):
    pass
