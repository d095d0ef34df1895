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

import eventTimeIpynb from "../../lessons/event-time.ipynb?raw";
import eventTimePySparkIpynb from "../../lessons/event-time-pyspark.ipynb?raw";
import kafkaLessonIpynb from "../../lessons/kafka-json-events.ipynb?raw";
import kafkaLessonPySparkIpynb from "../../lessons/kafka-json-events-pyspark.ipynb?raw";
import seedLessonIpynb from "../../lessons/seed-lesson.ipynb?raw";
import seedLessonPySparkIpynb from "../../lessons/seed-lesson-pyspark.ipynb?raw";
import socketLessonIpynb from "../../lessons/socket-word-count.ipynb?raw";
import socketLessonPySparkIpynb from "../../lessons/socket-word-count-pyspark.ipynb?raw";
import { fromIpynb } from "../model/ipynb";
import { type Notebook, newCellId } from "../model/notebook";

function lesson(ipynb: string): Notebook {
  const notebook = fromIpynb(JSON.parse(ipynb));
  return { ...notebook, cells: notebook.cells.map((cell) => ({ ...cell, id: newCellId() })) };
}

export const seedLesson = (): Notebook => lesson(seedLessonIpynb);
export const seedLessonPySpark = (): Notebook => lesson(seedLessonPySparkIpynb);

/** The examples menu: every bundled lesson, by the name it shows, in groups. */
export const exampleGroups: ReadonlyArray<{
  label: string;
  lessons: Readonly<Record<string, () => Notebook>>;
}> = [
  {
    label: "Lessons",
    lessons: {
      "Seed lesson": seedLesson,
      "Seed lesson (PySpark)": seedLessonPySpark,
      "Event time and watermarks": () => lesson(eventTimeIpynb),
      "Event time and watermarks (PySpark)": () => lesson(eventTimePySparkIpynb),
    },
  },
  {
    label: "Streaming sources",
    lessons: {
      "Socket word count": () => lesson(socketLessonIpynb),
      "Socket word count (PySpark)": () => lesson(socketLessonPySparkIpynb),
      "Kafka JSON pipeline": () => lesson(kafkaLessonIpynb),
      "Kafka JSON pipeline (PySpark)": () => lesson(kafkaLessonPySparkIpynb),
    },
  },
];
