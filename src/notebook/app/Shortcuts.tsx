import { KEY_LIST } from "../keyboard";

/**
 * The notebook's keys, as the Keys tab lists them. In command mode (a cell selected, the cursor in no editor:
 * the status bar says which mode) the letters act on the selected cell; in an editor they are typing.
 */
export function Shortcuts() {
  return (
    <div className="shortcuts-panel">
      <p className="muted small">
        Command mode (Esc) acts on the selected cell; Enter or a click in a cell's text edits it.
      </p>
      <table className="shortcuts" aria-label="Keyboard shortcuts">
        <tbody>
          {KEY_LIST.map(([k, v]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
