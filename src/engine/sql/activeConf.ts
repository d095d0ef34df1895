/**
 * The active session's conf for code below the session that has no conf passed in (the XML functions' option
 * defaults). SparkSession registers the reader; importing the session from there would close an import cycle
 * (session → readers → XML format → XML functions).
 */

/** Reads one conf value of the active session. */
export type ActiveConf = (key: string, fallback: string) => string;

let reader: () => ActiveConf | undefined = () => undefined;

/** Called once by SparkSession's module. */
export function registerActiveConf(read: () => ActiveConf | undefined): void {
  reader = read;
}

/** The active session's conf, or undefined when there is no session. */
export function activeConf(): ActiveConf | undefined {
  return reader();
}
