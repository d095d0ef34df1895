/**
 * A strip of tabs, named by their labels (`{ result: "Result table", ... }`, in order); the caller draws the
 * selected tab's panel. The side panel and each query panel use it.
 */
export function Tabs<T extends string>({
  tabs,
  selected,
  onSelect,
}: {
  tabs: Readonly<Record<T, string>>;
  selected: T;
  onSelect: (tab: T) => void;
}) {
  return (
    <div className="tabs" role="tablist">
      {(Object.keys(tabs) as T[]).map((t) => (
        <button
          key={t}
          type="button"
          role="tab"
          aria-selected={selected === t}
          className={selected === t ? "tab on" : "tab"}
          onClick={() => onSelect(t)}
        >
          {tabs[t]}
        </button>
      ))}
    </div>
  );
}
