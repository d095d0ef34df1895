/** Spark's StateDataSourceErrors: the state data source (`format("statestore")`) refusing its options. */
import { AnalysisException } from "./exceptions";

export function requiredOptionUnspecified(optionName: string): AnalysisException {
  return new AnalysisException("STDS_REQUIRED_OPTION_UNSPECIFIED", { optionName });
}

export function invalidOptionValue(optionName: string, message: string): AnalysisException {
  return new AnalysisException("STDS_INVALID_OPTION_VALUE.WITH_MESSAGE", { optionName, message });
}

export function invalidOptionValueIsNegative(optionName: string): AnalysisException {
  return new AnalysisException("STDS_INVALID_OPTION_VALUE.IS_NEGATIVE", { optionName });
}

export function committedBatchUnavailable(checkpointLocation: string): AnalysisException {
  return new AnalysisException("STDS_COMMITTED_BATCH_UNAVAILABLE", { checkpointLocation });
}

export function failedToReadStateSchema(checkpointLocation: string, operatorId: number): AnalysisException {
  return new AnalysisException("STDS_FAILED_TO_READ_STATE_SCHEMA", {
    sourceOptions: `{path=${checkpointLocation}, operatorId=${operatorId}}`,
  });
}
