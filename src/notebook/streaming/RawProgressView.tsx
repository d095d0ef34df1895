import type { QueryProgress } from "../../kernel/protocol";
import { useBatchHistory, useSelectedBatch } from "./useBatchHistory";
import { type PartProps, useQuery } from "./useQuery";

/** The StreamingQueryProgress of the selected batch (live: the latest trigger's), as Spark's JSON. */
export function RawProgressView({ queryId, snapshot }: PartProps) {
  const { pinned } = useBatchHistory();
  return pinned === null ? <LatestProgress queryId={queryId} snapshot={snapshot} /> : <BatchProgress />;
}

function LatestProgress({ queryId, snapshot }: PartProps) {
  return <ProgressJson progress={useQuery(queryId, snapshot, (q) => q.progress.at(-1))} />;
}

function BatchProgress() {
  return <ProgressJson progress={useSelectedBatch().batch?.progress} />;
}

function ProgressJson({ progress }: { progress: QueryProgress | undefined }) {
  return (
    <pre className="raw-progress">{progress ? JSON.stringify(progress, null, 2) : "No progress yet."}</pre>
  );
}
