/**
 * The bundled lessons. They are stored as Jupyter notebooks in src/lessons/ (content, not code: the kernel's
 * tests run them as they are); each open gets fresh cell ids, as any new notebook does.
 *
 * - The seed lesson reads the events stream a file per trigger, counts purchases per traffic source in complete
 *   mode into a memory sink, looks at status / lastProgress / recentProgress, queries the sink with SQL, and
 *   stops the query; runnable top to bottom with Run all.
 * - Its PySpark form is the same lesson as a Spark course writes it, in Python cells.
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
