import { useSession } from "../SessionContext";
import { sourceLessons } from "./lessons";

/** Opens one of the socket and Kafka lessons, as the Example buttons open the seed lesson. */
export function ExamplesMenu() {
  const session = useSession();
  return (
    <select
      className="examples-menu"
      aria-label="More examples"
      value=""
      onChange={(e) => {
        const open = sourceLessons[e.target.value];
        if (open) void session.openExample(open());
      }}
    >
      <option value="" disabled>
        More…
      </option>
      {Object.keys(sourceLessons).map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </select>
  );
}
