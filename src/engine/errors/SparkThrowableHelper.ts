/**
 * Spark's SparkThrowableHelper and ErrorClassesJsonReader: a condition's message from the catalogue. The text a
 * user sees is Spark 4's `getMessage`: `[CONDITION.SUB] message SQLSTATE: xxxxx`, with no `[...]` prefix for
 * `_LEGACY_ERROR_*` conditions and no SQLSTATE where the condition has none.
 */
import { ERROR_CONDITIONS, type ErrorCondition, type ErrorInfo } from "./errorConditions";
import { SparkException } from "./exceptions";

/** Spark's SparkException.internalError: the catalogue asked for what it does not hold, a bug. */
const internalError = (message: string) => new SparkException("INTERNAL_ERROR", { message });

/** Spark's TEMPLATE_REGEX. */
const TEMPLATE_PARAMETER = /<([a-zA-Z0-9_-]+)>/g;

/** What every Spark exception answers (Spark's SparkThrowable). */
export interface SparkThrowable {
  getCondition(): string | undefined;
  /** Spark 3's name for the condition, still answered by Spark 4. */
  getErrorClass(): string | undefined;
  getMessageParameters(): Readonly<Record<string, string>>;
  getSqlState(): string | undefined;
}

function errorInfo(main: string): ErrorInfo {
  const info = (ERROR_CONDITIONS as Readonly<Record<string, ErrorInfo>>)[main];
  if (!info) throw internalError(`Cannot find main error class '${main}'`);
  return info;
}

/** The template of a condition: the main message, then the sub-class's, joined by a space (Spark's rule). */
export function getMessageTemplate(condition: ErrorCondition): string {
  const [main, sub] = condition.split(".");
  const info = errorInfo(main);
  const template = info.message.join("\n");
  if (sub === undefined) return template;
  const subInfo = info.subClass?.[sub];
  if (!subInfo) throw internalError(`Cannot find sub error class '${condition}'`);
  return `${template} ${subInfo.message.join("\n")}`;
}

/** The parameter names a condition's template asks for, in order of appearance. */
export function getMessageParameters(condition: ErrorCondition): string[] {
  return [...getMessageTemplate(condition).matchAll(TEMPLATE_PARAMETER)].map((m) => m[1]);
}

/** The template with its parameters substituted; a missing parameter is a bug, as in Spark. */
export function getErrorMessage(
  condition: ErrorCondition,
  parameters: Readonly<Record<string, string>>,
): string {
  return getMessageTemplate(condition).replace(TEMPLATE_PARAMETER, (_, name: string) => {
    const value = parameters[name];
    if (value === undefined) {
      throw internalError(
        `Undefined error message parameter for error class: '${condition}', Parameter: ${name}`,
      );
    }
    return value;
  });
}

/** The SQL state of a condition: its main condition's, as in Spark 4. */
export function getSqlState(condition: string): string | undefined {
  const info = (ERROR_CONDITIONS as Readonly<Record<string, ErrorInfo>>)[condition.split(".")[0]];
  return info?.sqlState;
}

/** Spark's `SparkThrowableHelper.getMessage`: `[CONDITION] message SQLSTATE: xxxxx`. */
export function getMessage(condition: ErrorCondition, parameters: Readonly<Record<string, string>>): string {
  const sqlState = getSqlState(condition);
  const prefix = condition.startsWith("_LEGACY_ERROR_") ? "" : `[${condition}] `;
  return `${prefix}${getErrorMessage(condition, parameters)}${sqlState ? ` SQLSTATE: ${sqlState}` : ""}`;
}
