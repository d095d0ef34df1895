/**
 * The conditions of PySpark's own `error-conditions.json` that the engine raises for PySpark's API
 * (`createDataFrame` rows that do not fit the schema, `withColumn` without a Column), as PySparkTypeError /
 * PySparkValueError. They carry no SQL state, as in PySpark.
 */
import { PySparkTypeError, PySparkValueError } from "./exceptions";

export function notColumn(argName: string, argType: string): PySparkTypeError {
  return new PySparkTypeError("NOT_COLUMN", { arg_name: argName, arg_type: argType });
}

/** A field of a row whose value has no Spark type (PySpark's `_infer_schema`). */
export function cannotInferTypeForField(fieldName: string): PySparkTypeError {
  return new PySparkTypeError("CANNOT_INFER_TYPE_FOR_FIELD", { field_name: fieldName });
}

/** A value of a type PySpark cannot map to a Spark type (PySpark's `_infer_type`). */
export function unsupportedDataType(dataType: string): PySparkTypeError {
  return new PySparkTypeError("UNSUPPORTED_DATA_TYPE", { data_type: dataType });
}

export function cannotMergeType(dataType1: string, dataType2: string): PySparkTypeError {
  return new PySparkTypeError("CANNOT_MERGE_TYPE", { data_type1: dataType1, data_type2: dataType2 });
}

export function cannotInferEmptySchema(): PySparkValueError {
  return new PySparkValueError("CANNOT_INFER_EMPTY_SCHEMA", {});
}

export function cannotDetermineType(): PySparkValueError {
  return new PySparkValueError("CANNOT_DETERMINE_TYPE", {});
}

export function fieldNotNullable(fieldName: string): PySparkValueError {
  return new PySparkValueError("FIELD_NOT_NULLABLE_WITH_NAME", { field_name: fieldName });
}

export function fieldDataTypeUnacceptable(
  fieldName: string,
  dataType: string,
  obj: string,
  objType: string,
): PySparkTypeError {
  return new PySparkTypeError("FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME", {
    field_name: fieldName,
    data_type: dataType,
    obj,
    obj_type: objType,
  });
}

export function cannotAcceptObjectInType(
  dataType: string,
  objName: string,
  objType: string,
): PySparkTypeError {
  return new PySparkTypeError("CANNOT_ACCEPT_OBJECT_IN_TYPE", {
    data_type: dataType,
    obj_name: objName,
    obj_type: objType,
  });
}

export function lengthShouldBeTheSame(
  arg1: string,
  arg2: string,
  length1: number,
  length2: number,
): PySparkValueError {
  return new PySparkValueError("LENGTH_SHOULD_BE_THE_SAME", {
    arg1,
    arg2,
    arg1_length: String(length1),
    arg2_length: String(length2),
  });
}

/** `spark.udf.register(name, udf, returnType)`: a UserDefinedFunction already has its return type. */
export function cannotSpecifyReturnTypeForUdf(argName: string, returnType: string): PySparkTypeError {
  return new PySparkTypeError("CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF", {
    arg_name: argName,
    return_type: returnType,
  });
}
