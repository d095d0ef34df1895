/** Test helpers for the catalog: Spark's suites start each test with an empty catalog (SessionCatalog.reset). */
import type { SparkSession } from "../session/SparkSession";

/** Drops every database but `default`, every table, view and temporary view, and makes `default` current. */
export async function resetCatalog(spark: SparkSession): Promise<void> {
  const catalog = spark.sessionCatalog;
  catalog.setCurrentDatabase("default");
  for (const db of catalog.external.listDatabases()) {
    if (db !== "default") await spark.sql(`DROP DATABASE \`${db}\` CASCADE`).collect();
  }
  for (const listed of catalog.listTables("default")) {
    if (listed.isTemporary) catalog.dropTempView(listed.name);
    else
      await spark
        .sql(`DROP ${listed.table?.tableType === "VIEW" ? "VIEW" : "TABLE"} \`${listed.name}\``)
        .collect();
  }
  for (const listed of catalog.listTables("global_temp")) catalog.dropGlobalTempView(listed.name);
  catalog.cached.clear();
  await spark.commands.settle();
}
