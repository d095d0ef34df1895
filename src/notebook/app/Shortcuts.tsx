/** The keys of the notebook, as the Keys tab lists them. */
export function Shortcuts() {
  const rows: [string, string][] = [
    ["Shift+Enter", "run, select next"],
    ["Ctrl+Enter", "run"],
    ["Alt+Enter", "run, insert below"],
    ["Esc / Enter", "command mode / edit"],
    ["A / B", "insert above / below"],
    ["D, D", "delete cell"],
    ["M / Y / Q", "markdown / code / SQL"],
    ["↑ ↓ (K J)", "select cell"],
    ["Shift+K / Shift+J", "move cell"],
    ["Ctrl+Shift+-", "split at cursor"],
    ["I", "interrupt"],
    ["Ctrl+S", "save"],
  ];
  return (
    <table className="shortcuts">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <td>
              <kbd>{k}</kbd>
            </td>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
