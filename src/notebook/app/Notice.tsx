import { useActions, useAppState, useSession } from "../SessionContext";
import { Icon } from "../ui/icons";

/** The note on a notebook from a link or a file that nothing has run, and the session's latest notice. */
export function Notice() {
  const session = useSession();
  const actions = useActions();
  const notice = useAppState((s) => s.notice);
  const origin = useAppState((s) => s.origin);
  return (
    <>
      {origin === "url" && (
        <div className="notice info" role="note">
          Opened from a shared link: it has no outputs and nothing has run. Run the cells when you are ready.
        </div>
      )}
      {origin === "file" && (
        <div className="notice info" role="note">
          Opened from a file: its outputs are from when it was saved, and nothing has run in this session. Run
          the cells when you are ready.
        </div>
      )}
      {notice && (
        <div className={`notice ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>
          <span>{notice.text}</span>
          {notice.kind === "error" && /kernel/i.test(notice.text) && (
            <button type="button" onClick={() => session.restartKernel()}>
              Restart kernel
            </button>
          )}
          <button
            type="button"
            className="close icon-button"
            aria-label="Dismiss"
            onClick={() => actions.dismissNotice()}
          >
            <Icon name="close" />
          </button>
        </div>
      )}
    </>
  );
}
