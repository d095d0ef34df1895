import type { WaitingFor } from "../../kernel/protocol";
import { useBatchHistory, useSelectedBatch } from "./useBatchHistory";
import { type PartProps, useQuery } from "./useQuery";

/**
 * "What is the output waiting for?" in one sentence: live, as of the latest trigger (sent with it, so following
 * the stream reads nothing more); on a batch the scrubber holds, as it stood once that batch was done.
 */
export function WaitingLine({ queryId, snapshot }: PartProps) {
  const { pinned } = useBatchHistory();
  return pinned === null ? <LatestWaiting queryId={queryId} snapshot={snapshot} /> : <BatchWaiting />;
}

function LatestWaiting({ queryId, snapshot }: PartProps) {
  const waiting = useQuery(queryId, snapshot, (q) => q.waitingFor);
  return waiting ? <Sentence lead="Waiting for: " waiting={waiting} /> : null;
}

function BatchWaiting() {
  const { batch } = useSelectedBatch();
  return batch ? <Sentence lead={`After batch ${batch.batchId}: `} waiting={batch.waitingFor} /> : null;
}

function Sentence({ lead, waiting }: { lead: string; waiting: WaitingFor }) {
  return (
    <p
      role="status"
      className="waiting-for"
      aria-label="What the output is waiting for"
      data-window-end={waiting.window?.end}
    >
      <strong>{lead}</strong>
      {waiting.message}
    </p>
  );
}
