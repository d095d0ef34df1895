import { useState } from "react";
import { DataPanel, FilesPanel } from "../files/FilesPanel";
import { QueryList } from "../streaming/QueryList";
import { Tabs } from "../ui/Tabs";
import { Shortcuts } from "./Shortcuts";

const TABS = { queries: "Queries", files: "Files", data: "Data", keys: "Keys" } as const;

/** The side panel: the session's queries, the browser's files, the teaching data, and the keys. */
export function Sidebar() {
  const [tab, setTab] = useState<keyof typeof TABS>("queries");
  return (
    <aside className="sidebar" aria-label="Side panel">
      <Tabs tabs={TABS} selected={tab} onSelect={setTab} />
      <div className="sidebar-body">
        {tab === "queries" && <QueryList />}
        {tab === "files" && <FilesPanel />}
        {tab === "data" && <DataPanel />}
        {tab === "keys" && <Shortcuts />}
      </div>
    </aside>
  );
}
