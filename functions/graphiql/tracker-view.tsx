// Tracker view: the recommendation tracker a scrutiny committee receives, as a table with
// its filters and a CSV of exactly the rows shown.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useGraphiQL, type GraphiQLPlugin } from '@graphiql/react';
import { humanise } from './delivery';
import { request, widenPluginPane } from './request';
import { trackerCsv, COLUMNS, type Named, type TrackerRow } from './tracker';

const TRACKER_QUERY = `query TrackerView($filter: TrackerFilter, $first: Int, $after: String) {
  tracker(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    rows {
      request { id label }
      number
      text
      date
      meeting { id label }
      body { id label }
      addressedTo { id label }
      response { outcome reason date by { label } }
      takenUpBy { id label }
      leads { id label }
      latestProgress { asAt notLaterThan status text }
      reportedAt { id label }
      delivery
      lastActivity
      gaps { stage reason }
    }
  }
}`;

interface Page {
  tracker: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; rows: TrackerRow[] };
}

interface Filters {
  delivery: string;
  from: string;
  to: string;
  body: string;
  addressedTo: string;
}

const NO_FILTERS: Filters = { delivery: '', from: '', to: '', body: '', addressedTo: '' };
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const MAX_PAGES = 50;

function filterVariables(filters: Filters): Record<string, unknown> | null {
  const filter: Record<string, unknown> = {};
  if (filters.delivery) filter.delivery = [filters.delivery];
  if (filters.from) filter.from = filters.from;
  if (filters.to) filter.to = filters.to;
  if (filters.body) filter.body = filters.body;
  if (filters.addressedTo) filter.addressedTo = filters.addressedTo;
  return Object.keys(filter).length ? filter : null;
}

function TrackerIcon() {
  return (
    <svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" strokeWidth={1.5} aria-hidden="true">
      <rect x="2" y="3" width="20" height="18" rx="1.5" />
      <path d="M2 8.5h20M2 14h20M9 3v18" />
    </svg>
  );
}

function distinct(nodes: Array<Named | null>): Named[] {
  const byId = new Map<string, Named>();
  for (const node of nodes) if (node && !byId.has(node.id)) byId.set(node.id, node);
  return [...byId.values()].sort((a, b) => a.label.localeCompare(b.label));
}

function TrackerView() {
  const fetcher = useGraphiQL((state) => state.fetcher);
  const root = useRef<HTMLElement>(null);
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [rows, setRows] = useState<TrackerRow[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [options, setOptions] = useState<{ bodies: Named[]; addressees: Named[] }>({ bodies: [], addressees: [] });
  const ids = { delivery: useId(), from: useId(), to: useId(), body: useId(), addressedTo: useId(), caption: useId() };

  useEffect(() => widenPluginPane(root.current), []);

  useEffect(() => {
    let current = true;
    setRows(null);
    setError(null);
    (async () => {
      const all: TrackerRow[] = [];
      let after: string | null = null;
      let totalCount = 0;
      for (let page = 0; page < MAX_PAGES; page++) {
        const data: Page = await request<Page>(fetcher, TRACKER_QUERY, { filter: filterVariables(applied), first: 100, after });
        all.push(...data.tracker.rows);
        totalCount = data.tracker.totalCount;
        if (!data.tracker.pageInfo.hasNextPage) break;
        after = data.tracker.pageInfo.endCursor;
      }
      if (!current) return;
      setRows(all);
      setTotal(totalCount);
      // The choices of body and addressee come from the whole tracker, loaded first.
      if (!filterVariables(applied)) {
        setOptions({ bodies: distinct(all.map((row) => row.body)), addressees: distinct(all.flatMap((row) => row.addressedTo)) });
      }
    })().catch((failure: Error) => current && setError(failure.message));
    return () => {
      current = false;
    };
  }, [applied, fetcher]);

  const invalidDate = [draft.from, draft.to].some((value) => value && !DATE.test(value));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!invalidDate) setApplied(draft);
  };
  const set = (key: keyof Filters) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });

  const download = () => {
    if (!rows) return;
    const url = URL.createObjectURL(new Blob([trackerCsv(rows)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'tracker.csv';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <section className="sg-view" ref={root} aria-labelledby={ids.caption}>
      <h2 id={ids.caption} className="sg-view-title">
        Recommendation tracker
      </h2>
      <form className="sg-form sg-filters" onSubmit={onSubmit}>
        <div>
          <label htmlFor={ids.delivery}>Delivery</label>
          <select id={ids.delivery} value={draft.delivery} onChange={set('delivery')}>
            <option value="">Any</option>
            <option value="RECORDED">Recorded</option>
            <option value="NOT_RECORDED">Not recorded</option>
            <option value="NOT_REQUIRED">Not required</option>
          </select>
        </div>
        <div>
          <label htmlFor={ids.from}>From (YYYY, YYYY-MM or YYYY-MM-DD)</label>
          <input id={ids.from} type="text" inputMode="numeric" value={draft.from} onChange={set('from')} aria-invalid={Boolean(draft.from) && !DATE.test(draft.from)} />
        </div>
        <div>
          <label htmlFor={ids.to}>To</label>
          <input id={ids.to} type="text" inputMode="numeric" value={draft.to} onChange={set('to')} aria-invalid={Boolean(draft.to) && !DATE.test(draft.to)} />
        </div>
        <div>
          <label htmlFor={ids.body}>Body or committee</label>
          <select id={ids.body} value={draft.body} onChange={set('body')}>
            <option value="">Any</option>
            {options.bodies.map((body) => (
              <option key={body.id} value={body.id}>
                {body.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.addressedTo}>Addressed to</label>
          <select id={ids.addressedTo} value={draft.addressedTo} onChange={set('addressedTo')}>
            <option value="">Anyone</option>
            {options.addressees.map((node) => (
              <option key={node.id} value={node.id}>
                {node.label}
              </option>
            ))}
          </select>
        </div>
        <div className="sg-filter-actions">
          <button type="submit" className="sg-button" disabled={invalidDate}>
            Apply filters
          </button>
          <button type="button" className="sg-button" onClick={download} disabled={!rows}>
            Download CSV{rows ? ` (${rows.length} rows)` : ''}
          </button>
        </div>
        {invalidDate && (
          <p role="alert" className="sg-error">
            Write dates as 2019, 2019-03 or 2019-03-05.
          </p>
        )}
      </form>
      {error && (
        <p role="alert" className="sg-error">
          The tracker could not be loaded: {error}
        </p>
      )}
      {!rows && !error && <p className="sg-muted">Loading the tracker…</p>}
      {rows && (
        <div className="sg-table-wrap" tabIndex={0} role="region" aria-label="Tracker table (scrolls sideways)">
          <table className="sg-table">
            <caption>
              {total} request{total === 1 ? '' : 's'}
              {filterVariables(applied) ? ' matching the filters' : ''}, oldest meeting first
            </caption>
            <thead>
              <tr>
                {COLUMNS.map((column) => (
                  <th key={column.name} scope="col">
                    {column.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.request.id} className={`sg-row-${row.delivery.toLowerCase().replace(/_/g, '-')}`}>
                  {COLUMNS.map((column, index) =>
                    index === 0 ? (
                      <th key={column.name} scope="row">
                        {column.value(row) || '–'}
                      </th>
                    ) : (
                      <td key={column.name}>{column.value(row)}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export const trackerViewPlugin: GraphiQLPlugin = {
  title: 'Tracker view',
  icon: TrackerIcon,
  content: TrackerView,
};
