/**
 * The bundled lessons. They are stored as Jupyter notebooks in src/lessons/ (content, not code: the kernel's
 * tests run them as they are); each open gets fresh cell ids, as any new notebook does.
 *
 * - The seed lesson reads the events stream a file per trigger, counts purchases per traffic source in complete
 *   mode into a memory sink, looks at status / lastProgress / recentProgress, queries the sink with SQL, and
 *   stops the query; runnable top to bottom with Run all.
 * - Its PySpark form is the same lesson as a Spark course writes it, in Python cells.
 * - The event-time lesson counts clicks per 10-minute window with a 10-minute watermark over files whose clicks
 *   arrive out of order and late, in append mode and then update mode, and goes through the batches with
 *   query.batch(n) and the panel's batch scrubber; its text states the numbers the seeded data produces (its
 *   test checks them). TypeScript and PySpark, the same cells.
 * - The programming guide's socket word count (nc -lk 9999, typed into the Socket tab) and a Kafka pipeline
 *   (JSON events parsed with from_json, counted per window with a watermark, written to a topic), each in
 *   TypeScript and in PySpark; their setup cells produce the data, the rest is the guides' code.
 */

import seedLessonIpynb from "../../lessons/seed-lesson.ipynb?raw";
import seedLessonPySparkIpynb from "../../lessons/seed-lesson-pyspark.ipynb?raw";
import { fromIpynb } from "../model/ipynb";
import { type Notebook, newCellId } from "../model/notebook";

function lesson(ipynb: string): Notebook {
  const notebook = fromIpynb(JSON.parse(ipynb));
  return { ...notebook, cells: notebook.cells.map((cell) => ({ ...cell, id: newCellId() })) };
}

export const seedLesson = (): Notebook => lesson(seedLessonIpynb);
export const seedLessonPySpark = (): Notebook => lesson(seedLessonPySparkIpynb);

/** The other lessons are fetched when opened: the page that opens the seed lesson does not carry them. */
const later = (ipynb: () => Promise<{ default: string }>) => async (): Promise<Notebook> =>
  lesson((await ipynb()).default);

/** The examples menu: every bundled lesson, by the name it shows, in groups. */
export const exampleGroups: ReadonlyArray<{
  label: string;
  lessons: Readonly<Record<string, () => Notebook | Promise<Notebook>>>;
}> = [
  {
    label: "Lessons",
    lessons: {
      "Seed lesson": seedLesson,
      "Seed lesson (PySpark)": seedLessonPySpark,
      "Event time and watermarks": later(() => import("../../lessons/event-time.ipynb?raw")),
      "Event time and watermarks (PySpark)": later(
        () => import("../../lessons/event-time-pyspark.ipynb?raw"),
      ),
    },
  },
  {
    label: "Streaming sources",
    lessons: {
      "Socket word count": later(() => import("../../lessons/socket-word-count.ipynb?raw")),
      "Socket word count (PySpark)": later(() => import("../../lessons/socket-word-count-pyspark.ipynb?raw")),
      "Kafka JSON pipeline": later(() => import("../../lessons/kafka-json-events.ipynb?raw")),
      "Kafka JSON pipeline (PySpark)": later(
        () => import("../../lessons/kafka-json-events-pyspark.ipynb?raw"),
      ),
    },
  },
];
