import { useEffect, useState } from "react";
import type { ModesOffer } from "../../../kernel/protocol";
import { useAppState, useSession } from "../../SessionContext";
import { ModesView } from "./ModesView";

/**
 * The query panel's "Compare output modes" action, and the comparison it opens. The kernel says whether it is
 * offered (a streaming aggregation whose plan this kernel holds). Where it is not, the button stays, marked
 * unavailable, and a click says why: output modes are what a class asks about, and "only an aggregation has
 * modes to compare" is the answer a teacher wants on screen, not a button that silently is not there.
 */
export function CompareModesAction({ queryId, name }: { queryId: string; name: string }) {
  const session = useSession();
  const kernelReady = useAppState((s) => s.kernel.phase === "ready");
  const inKernel = useAppState((s) => s.queries[queryId] !== undefined);
  const [offer, setOffer] = useState<ModesOffer>();
  const [open, setOpen] = useState(false);
  const [why, setWhy] = useState(false);

  useEffect(() => {
    if (!kernelReady || !inKernel) return setOffer(undefined);
    let current = true;
    session.modes("modes.offer", { queryId }).then(
      (o) => current && setOffer(o),
      () => current && setOffer(undefined),
    );
    return () => {
      current = false;
    };
  }, [session, queryId, kernelReady, inKernel]);

  if (!offer) return null;
  return (
    <>
      <button
        type="button"
        className="compare-modes"
        aria-disabled={!offer.offered}
        aria-expanded={offer.offered ? undefined : why}
        title={
          offer.offered ? "Run this query in append, update and complete mode on its input" : offer.reason
        }
        onClick={() => (offer.offered ? setOpen(true) : setWhy(!why))}
      >
        Compare output modes
      </button>
      {why && !offer.offered && (
        <p className="compare-modes-why" role="note">
          {offer.reason}
        </p>
      )}
      {open && <ModesView queryId={queryId} name={name} onClose={() => setOpen(false)} />}
    </>
  );
}
