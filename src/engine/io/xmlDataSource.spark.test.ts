/**
 * Spark's XmlSuite (sql/core/.../execution/datasources/xml/XmlSuite.scala) for the XML data source: its inputs
 * (cars.xml, cars-malformed.xml, a books file) written by the test, with Spark's answers; and the streaming file
 * source reading XML with a schema, as it reads the other text formats.
 *
 * Not ported: cases that read compressed bz2/zst resources, XSD validation (rowValidationXSDPath), Hadoop's
 * codecs by class name, and `CREATE TEMPORARY VIEW ... USING xml` (Sluice's DDL takes the formats its catalog
 * stores). "DSL test for permissive mode for corrupt records" asserts Spark's row order, which its partitioning
 * decides; the rows are checked here whatever their order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../testing/fixtures";

const CARS = `<?xml version="1.0"?>
<ROWSET>
    <ROW>
        <year>2012<!--A comment within tags--></year>
        <make>Tesla</make>
        <model>S</model>
        <comment>No comment</comment>
    </ROW>
    <ROW>
        <year>1997</year><!--A comment within elements-->
        <make>Ford</make>
        <model>E350</model>
        <comment><!--A comment before a value-->Go get one now they are going fast</comment>
    </ROW>
    <ROW>
        <year>2015</year>
        <make>Chevy</make>
        <model>Volt</model>
        <comment>No</comment>
    </ROW>
</ROWSET>
`;

const CARS_MALFORMED = `<?xml version="1.0"?>
<ROWSET>
    <ROW>
        <year>2015</year>
        <make>Chevy</make>
        <model>Volt</model>
    </ROW>
    <ROW>
        <year>2012</year>
        <make>Tesla</make>
        <model>>S
        <comment>No comment</comment>
    </ROW>
    <ROW>
        </year>
        <make>Ford</make>
        <model>E350</model>model></model>
        <comment>Go get one now they are going fast</comment>
    </ROW>
</ROWSET>
`;

const BOOKS = `<?xml version="1.0"?>
<catalog>
   <book id="bk101">
      <author>Gambardella, Matthew</author>
      <title>XML Developer's Guide</title>
      <genre>Computer</genre>
      <price>44.95</price>
      <publish_date>2000-10-01</publish_date>
      <description>An in-depth look at creating applications with XML.</description>
   </book>
   <book id="bk102">
      <author>Ralls, Kim</author>
      <title>Midnight Rain</title>
      <genre>Fantasy</genre>
      <price>5.95</price>
      <publish_date>2000-12-16</publish_date>
      <description>A former architect battles corporate zombies.</description>
   </book>
   <book id="bk103">
      <author>Corets, Eva</author>
      <title>Maeve Ascendant</title>
      <genre>Fantasy</genre>
      <price>5.95</price>
      <publish_date>2000-11-17</publish_date>
      <description>After the collapse of a nanotechnology society in England.</description>
   </book>
</catalog>
`;

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

let n = 0;
async function file(text: string, name = "data.xml"): Promise<string> {
  const dir = `/xml-source/${n++}`;
  await t.spark.fs.writeFile(`${dir}/${name}`, new TextEncoder().encode(text));
  return dir;
}

type Failure = Error & { errorClass?: string; cause?: unknown };

describe("XmlSuite", () => {
  it("DSL test", async () => {
    const path = await file(CARS);
    const results = await t.spark.read
      .format("xml")
      .option("rowTag", "ROW")
      .option("multiLine", "true")
      .load(path)
      .select("year")
      .collect();
    expect(results.length).toBe(3);
  });

  it("the inferred schema and rows of cars.xml", async () => {
    const df = t.spark.read.option("rowTag", "ROW").xml(await file(CARS));
    expect((await df.resolve()).schema.simpleString()).toBe(
      "struct<comment:string,make:string,model:string,year:bigint>",
    );
    expect(await df.orderBy("year").collect()).toEqual([
      { comment: "Go get one now they are going fast", make: "Ford", model: "E350", year: 1997 },
      { comment: "No comment", make: "Tesla", model: "S", year: 2012 },
      { comment: "No", make: "Chevy", model: "Volt", year: 2015 },
    ]);
  });

  it("DSL test for parsing a malformed XML file", async () => {
    const results = t.spark.read
      .option("rowTag", "ROW")
      .option("mode", "DROPMALFORMED")
      .xml(await file(CARS_MALFORMED));
    expect(await results.count()).toBe(1);
  });

  it("DSL test for dropping malformed rows", async () => {
    const cars = t.spark.read
      .option("rowTag", "ROW")
      .option("mode", "DROPMALFORMED")
      .xml(await file(CARS_MALFORMED));
    expect(await cars.count()).toBe(1);
    expect(Object.values((await cars.head()) ?? {})).toEqual(["Chevy", "Volt", 2015]);
  });

  it("DSL test for failing fast", async () => {
    const path = await file(CARS_MALFORMED);
    let error: Failure | undefined;
    try {
      await t.spark.read.option("rowTag", "ROW").option("mode", "FAILFAST").xml(path).collect();
    } catch (e) {
      error = e as Failure;
    }
    expect(error).toBeDefined();
    const chain: Failure[] = [];
    for (let e: Failure | undefined = error; e; e = e.cause as Failure | undefined) chain.push(e);
    expect(chain.some((e) => e.errorClass === "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION")).toBe(true);
  });

  it("DSL test for permissive mode for corrupt records", async () => {
    const carsDf = t.spark.read
      .option("rowTag", "ROW")
      .option("mode", "PERMISSIVE")
      .option("columnNameOfCorruptRecord", "_malformed_records")
      .xml(await file(CARS_MALFORMED));
    const cars = await carsDf.collect();
    expect(cars.length).toBe(3);
    const malformed = cars.map((r) => r._malformed_records).filter((v) => v !== null) as string[];
    expect(malformed.map((m) => m.replaceAll(/\s/g, ""))).toEqual([
      "<ROW><year>2012</year><make>Tesla</make><model>>S<comment>Nocomment</comment></ROW>",
      "<ROW></year><make>Ford</make><model>E350</model>model></model><comment>Gogetonenowtheyaregoingfast</comment></ROW>",
    ]);
    const good = cars.filter((r) => r._malformed_records === null);
    expect(good.map((r) => Object.values(r).slice(-3))).toEqual([["Chevy", "Volt", 2015]]);
    for (const r of cars.filter((c) => c._malformed_records !== null))
      expect(Object.values(r).slice(-3)).toEqual([null, null, null]);
  });

  it("DSL test with poorly formatted file and string schema", async () => {
    const schema = "color STRING, year STRING, make STRING, model STRING, comment STRING";
    const results = await t.spark.read
      .schema(schema)
      .option("rowTag", "ROW")
      .xml(await file(CARS))
      .count();
    expect(results).toBe(3);
  });

  it("a record's attributes are _-prefixed fields beside its elements (books)", async () => {
    const books = t.spark.read.option("rowTag", "book").xml(await file(BOOKS));
    expect((await books.resolve()).schema.simpleString()).toBe(
      "struct<_id:string,author:string,description:string,genre:string,price:double,publish_date:date,title:string>",
    );
    const rows = await books.select("_id", "price", "title").orderBy("_id").collect();
    expect(rows).toEqual([
      { _id: "bk101", price: 44.95, title: "XML Developer's Guide" },
      { _id: "bk102", price: 5.95, title: "Midnight Rain" },
      { _id: "bk103", price: 5.95, title: "Maeve Ascendant" },
    ]);
  });

  it("the rowTag option is required for reading", async () => {
    const path = await file(CARS);
    expect(() => t.spark.read.xml(path)).toThrow(/rowTag/);
  });

  it("DSL save", async () => {
    const books = t.spark.read.option("rowTag", "book").xml(await file(BOOKS));
    const copy = `/xml-source/books-copy-${n++}`;
    await books.write.options({ rootTag: "books", rowTag: "book" }).xml(copy);
    const booksCopy = t.spark.read.option("rowTag", "book").xml(copy);
    expect(await booksCopy.count()).toBe(await books.count());
    const key = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(key(await booksCopy.collect())).toEqual(key(await books.collect()));
  });

  it("DSL save with declaration", async () => {
    const books = t.spark.read.option("rowTag", "book").xml(await file(BOOKS));
    const first = async (dir: string) => {
      const files = (await t.spark.fs.list(dir)).filter((f) => f.path.split("/").pop()!.startsWith("part-"));
      const text = new TextDecoder().decode(await t.spark.fs.readFile(files[0].path));
      return text.split("\n")[0];
    };
    const copy1 = `/xml-source/books-decl-${n++}`;
    await books.write.options({ rootTag: "books", rowTag: "book", declaration: "" }).xml(copy1);
    expect(await first(copy1)).toBe("<books>");
    const copy2 = `/xml-source/books-decl-${n++}`;
    await books.write.options({ rootTag: "books", rowTag: "book" }).xml(copy2);
    expect(await first(copy2)).toBe('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>');
  });

  it("DSL save with item", async () => {
    const items = t.spark.sql("SELECT array(array(3, 4)) AS thing");
    const dir = `/xml-source/items-${n++}`;
    await items.write.option("rowTag", "ROW").option("arrayElementName", "foo").xml(dir);
    const files = (await t.spark.fs.list(dir)).filter((f) => f.path.split("/").pop()!.startsWith("part-"));
    const text = new TextDecoder().decode(await t.spark.fs.readFile(files[0].path));
    expect(text.split("\n").filter((l) => l.includes("<foo>")).length).toBe(2);
  });
});

describe("the streaming file source reads XML", () => {
  it("with a schema, a row per rowTag element of each new file", async () => {
    const dir = await file(CARS, "a.xml");
    const df = t.spark.readStream
      .schema("year INT, make STRING")
      .option("rowTag", "ROW")
      .format("xml")
      .load(dir);
    const query = await df.writeStream.format("memory").queryName("xmlCars").start();
    await query.processAllAvailable();
    await query.stop();
    expect(await t.spark.sql("SELECT * FROM xmlCars ORDER BY year").collect()).toEqual([
      { year: 1997, make: "Ford" },
      { year: 2012, make: "Tesla" },
      { year: 2015, make: "Chevy" },
    ]);
  });
});
