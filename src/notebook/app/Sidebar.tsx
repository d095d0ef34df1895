import { useState } from "react";
import { DataPanel, FilesPanel } from "../files/FilesPanel";
import { SocketPanel } from "../kafka/SocketPanel";
import { TopicsPanel } from "../kafka/TopicsPanel";
import { QueryList } from "../streaming/QueryList";
import { Tabs } from "../ui/Tabs";
import { Shortcuts } from "./Shortcuts";

const TABS = {
  queries: "Queries",
  topics: "Topics",
  socket: "Socket",
  files: "Files",
  data: "Data",
  keys: "Keys",
} as const;

/**
 * The side panel: the session's queries, the in-browser Kafka topics, the socket box (nc -lk), the browser's
 * files, the teaching data, and the keys.
 */
export function Sidebar() {
  const [tab, setTab] = useState<keyof typeof TABS>("queries");
  return (
    <aside className="sidebar" aria-label="Side panel">
      <Tabs tabs={TABS} selected={tab} onSelect={setTab} />
      <div className="sidebar-body">
        {tab === "queries" && <QueryList />}
        {tab === "topics" && <TopicsPanel />}
        {tab === "socket" && <SocketPanel />}
        {tab === "files" && <FilesPanel />}
        {tab === "data" && <DataPanel />}
        {tab === "keys" && <Shortcuts />}
      </div>
    </aside>
  );
}
