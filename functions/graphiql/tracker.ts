// The tracker's rows and columns, shared by the table and the CSV so they never disagree.
import { toCsv } from './csv';
import { humanise } from './delivery';

export interface Named {
  id: string;
  label: string;
}

export interface TrackerRow {
  request: Named;
  number: string | null;
  text: string;
  date: string | null;
  meeting: Named | null;
  body: Named | null;
  addressedTo: Named[];
  response: { outcome: string; reason: string | null; date: string | null; by?: Named | null } | null;
  takenUpBy: Named[];
  leads: Named[];
  /** `asAt` is null for undated progress; `notLaterThan` is then its document's date, a bound. */
  latestProgress: { asAt: string | null; notLaterThan?: string | null; status: string | null; text: string } | null;
  reportedAt: Named[];
  delivery: string;
  lastActivity: string | null;
  gaps: Array<{ stage: string; reason: string }>;
}

const labels = (nodes: Named[]) => nodes.map((node) => node.label).join('; ');
const progressDate = (p: NonNullable<TrackerRow['latestProgress']>) => p.asAt ?? (p.notLaterThan ? `undated, reported by ${p.notLaterThan}` : 'undated');
const progressText = (row: TrackerRow) => (row.latestProgress ? `${progressDate(row.latestProgress)}${row.latestProgress.status ? ` (${row.latestProgress.status})` : ''}: ${row.latestProgress.text}` : '');
const responseText = (row: TrackerRow) => {
  const r = row.response;
  if (!r) return '';
  const who = [r.by?.label, r.date].filter(Boolean).join(', ');
  return `${humanise(r.outcome)}${who ? ` (${who})` : ''}${r.reason ? `: ${r.reason}` : ''}`;
};

/** Delivery comes early: it is what a committee scans the tracker for. */
export const COLUMNS: ReadonlyArray<{ name: string; value: (row: TrackerRow) => string }> = [
  { name: 'Number', value: (row) => row.number ?? '' },
  { name: 'Request', value: (row) => row.text },
  { name: 'Date', value: (row) => row.date ?? '' },
  { name: 'Delivery', value: (row) => humanise(row.delivery) },
  { name: 'Meeting', value: (row) => row.meeting?.label ?? '' },
  { name: 'Body', value: (row) => row.body?.label ?? '' },
  { name: 'Addressed to', value: (row) => labels(row.addressedTo) },
  { name: 'Response', value: responseText },
  { name: 'Taken up by', value: (row) => labels(row.takenUpBy) },
  { name: 'Leads', value: (row) => labels(row.leads) },
  { name: 'Latest progress', value: progressText },
  { name: 'Reported back at', value: (row) => labels(row.reportedAt) },
  { name: 'Last activity', value: (row) => row.lastActivity ?? '' },
  { name: 'Gaps', value: (row) => row.gaps.map((gap) => gap.reason).join('; ') },
];

export function trackerCsv(rows: TrackerRow[]): string {
  return toCsv(['Id', ...COLUMNS.map((column) => column.name)], rows.map((row) => [row.request.id, ...COLUMNS.map((column) => column.value(row))]));
}

