/**
 * A Python exception as a JavaScript error: its class as the name, `Type: message` as the message. Like Spark's
 * org.apache.spark.api.python.PythonException it has no error condition, so a query it ends reports none
 * (QueryTerminatedEvent.errorClassOnException is null, as PySpark's tests expect).
 */
export class PythonException extends Error {
  override name = "PythonException";
  constructor(
    message: string,
    /** The Python exception's class. */
    readonly pythonType: string,
    /** Python's traceback, as Python prints it. */
    readonly traceback: string,
  ) {
    super(message);
  }
}

/** A Python exception raised in a callback, as the callback reports it. */
export interface PythonFailure {
  type: string;
  message: string;
  traceback: string;
}

/**
 * A Python exception in code the engine called row by row (a UDF, a foreach writer), worded as PySpark's
 * PythonException: the worker's sentence, then Python's traceback; `context` follows (the row a UDF failed on).
 */
export function pythonWorkerError(failure: PythonFailure, context = ""): PythonException {
  return new PythonException(
    `\n  An exception was thrown from the Python worker. Please see the stack trace below.\n${failure.traceback}${context}`,
    failure.type,
    failure.traceback,
  );
}

/**
 * A failure in the user's foreachBatch function: `Type: message`, which the engine's foreachBatch sink wraps in
 * Spark's FOREACH_BATCH_USER_FUNCTION_ERROR as the reason.
 */
export function foreachBatchError(failure: PythonFailure): PythonException {
  return new PythonException(`${failure.type}: ${failure.message}`, failure.type, failure.traceback);
}
