import { lazy, Suspense, useState } from "react";
import { QueryList } from "../streaming/QueryList";
import { Tabs } from "../ui/Tabs";
import { Shortcuts } from "./Shortcuts";

// The tabs behind the first are loaded when first shown (opening the app evaluates none of them: bench P5).
const TopicsPanel = lazy(() => import("../kafka/TopicsPanel").then((m) => ({ default: m.TopicsPanel })));
const SocketPanel = lazy(() => import("../kafka/SocketPanel").then((m) => ({ default: m.SocketPanel })));
const FilesPanel = lazy(() => import("../files/FilesPanel").then((m) => ({ default: m.FilesPanel })));
const DataPanel = lazy(() => import("../files/FilesPanel").then((m) => ({ default: m.DataPanel })));

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
        <Suspense>
          {tab === "queries" && <QueryList />}
          {tab === "topics" && <TopicsPanel />}
          {tab === "socket" && <SocketPanel />}
          {tab === "files" && <FilesPanel />}
          {tab === "data" && <DataPanel />}
          {tab === "keys" && <Shortcuts />}
        </Suspense>
      </div>
    </aside>
  );
}
