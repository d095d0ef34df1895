import { useState } from "react";
import { DataPanel, FilesPanel } from "../files/FilesPanel";
import { QueryList } from "../streaming/QueryList";
import { Shortcuts } from "./Shortcuts";

/** The side panel: the session's queries, the browser's files, the teaching data, and the keys. */
export function Sidebar() {
  const [tab, setTab] = useState<"queries" | "files" | "data" | "keys">("queries");
  return (
    <aside className="sidebar" aria-label="Side panel">
      <div className="tabs" role="tablist">
        {(["queries", "files", "data", "keys"] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? "tab on" : "tab"}
            onClick={() => setTab(t)}
          >
            {t === "queries" ? "Queries" : t === "files" ? "Files" : t === "data" ? "Data" : "Keys"}
          </button>
        ))}
      </div>
      <div className="sidebar-body">
        {tab === "queries" && <QueryList />}
        {tab === "files" && <FilesPanel />}
        {tab === "data" && <DataPanel />}
        {tab === "keys" && <Shortcuts />}
      </div>
    </aside>
  );
}
