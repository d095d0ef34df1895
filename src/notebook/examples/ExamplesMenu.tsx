import { useSession } from "../SessionContext";
import { exampleGroups } from "./lessons";

/** Opens any bundled lesson (the Example buttons open the seed lesson), grouped as lessons and sources. */
export function ExamplesMenu() {
  const session = useSession();
  return (
    <select
      className="examples-menu"
      aria-label="More examples"
      value=""
      onChange={(e) => {
        const open = exampleGroups.find((g) => e.target.value in g.lessons)?.lessons[e.target.value];
        if (open) void Promise.resolve(open()).then((lesson) => session.openExample(lesson));
      }}
    >
      <option value="" disabled>
        More…
      </option>
      {exampleGroups.map((group) => (
        <optgroup key={group.label} label={group.label}>
          {Object.keys(group.lessons).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
