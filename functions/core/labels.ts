/**
 * Labels that stand alone. A search result or a trace path shows labels without
 * their neighbours, so a label names its context: the meeting and date of a
 * resolution, the plan of an action, the metric and period of an observation, the
 * body of a post. The context comes from the node's own cited edges, so a label
 * never says more than the graph does. Pure.
 */
import type { EdgeTypeName, NodeTypeName } from './model.js';

interface LabelNode {
  id: string;
  type: NodeTypeName;
  label: string;
  props: Record<string, unknown>;
}

interface LabelEdge {
  from: string;
  type: EdgeTypeName;
  to: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2019-03-05" -> "5 March 2019"; "2019-06" -> "June 2019"; "2019" stays. */
export function humanDate(value: string): string {
  const [year, month, day] = value.split('-');
  if (!month) return year!;
  const name = MONTHS[Number(month) - 1];
  return day ? `${Number(day)} ${name} ${year}` : `${name} ${year}`;
}

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}

/** The label types that read as nothing out of context get their context added. */
export function contextualLabels(nodes: readonly LabelNode[], edges: readonly LabelEdge[]): Map<string, string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const outgoing = new Map<string, LabelEdge[]>();
  for (const edge of edges) {
    const list = outgoing.get(edge.from);
    if (list) list.push(edge);
    else outgoing.set(edge.from, [edge]);
  }
  const far = (id: string, type: EdgeTypeName, types?: readonly NodeTypeName[]): LabelNode[] =>
    (outgoing.get(id) ?? [])
      .filter((e) => e.type === type)
      .map((e) => byId.get(e.to))
      .filter((n): n is LabelNode => n !== undefined && (!types || types.includes(n.type)))
      .sort((a, b) => a.id.localeCompare(b.id));

  const meetingContext = (meeting: LabelNode) =>
    meeting.props.date ? `${String(meeting.props.title)}, ${humanDate(String(meeting.props.date))}` : String(meeting.props.title);

  /** The meeting (and item) a request or item belongs to. */
  const whereMade = (id: string): { item?: LabelNode; meeting?: LabelNode } => {
    const [at] = far(id, 'RESOLVED_AT');
    if (!at) return {};
    if (at.type === 'Meeting') return { meeting: at };
    return { item: at, meeting: far(at.id, 'ITEM_OF')[0] };
  };

  /** The plan, strategy or operation a node sits in, following PART_OF up to the top. */
  const container = (id: string): LabelNode | undefined => {
    let current = id;
    for (let hops = 0; hops < 6; hops++) {
      const [parent] = far(current, 'PART_OF');
      if (!parent) return current === id ? undefined : byId.get(current);
      if (parent.type !== 'Priority') return parent;
      current = parent.id;
    }
    return byId.get(current);
  };

  const labels = new Map<string, string>();
  const labelOf = (node: LabelNode): string => labels.get(node.id) ?? node.label;

  // Order matters: items before the requests made at them; actions and priorities before
  // the progress, observations and commitments that name them.
  const order: NodeTypeName[] = ['Finding', 'Post', 'AgendaItem', 'Resolution', 'Recommendation', 'Response', 'Action', 'Priority', 'Provision', 'Observation', 'ProgressUpdate', 'Commitment'];
  for (const type of order) {
    for (const node of nodes) {
      if (node.type !== type) continue;
      const label = contextFor(node);
      if (label) labels.set(node.id, label);
    }
  }
  // Two nodes may still share a label (a plan and the document that sets it out); the
  // type tells them apart.
  const sharing = new Map<string, LabelNode[]>();
  for (const node of nodes) {
    const label = labelOf(node);
    sharing.set(label, [...(sharing.get(label) ?? []), node]);
  }
  for (const [label, group] of sharing) {
    if (group.length < 2) continue;
    for (const node of group) labels.set(node.id, `${label} (${node.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()})`);
  }
  return labels;

  function contextFor(node: LabelNode): string | undefined {
    const p = node.props;
    switch (node.type) {
      case 'Post': {
        const [org] = far(node.id, 'POST_IN');
        if (!org) return undefined;
        const title = String(p.title);
        const orgName = String(org.props.name);
        return title.toLowerCase().includes(orgName.toLowerCase()) ? undefined : `${title}, ${orgName}`;
      }
      case 'Finding': {
        const [document] = far(node.id, 'PART_OF', ['Document']);
        return document ? `${node.label} (finding of the ${document.label})` : undefined;
      }
      case 'AgendaItem': {
        const [meeting] = far(node.id, 'ITEM_OF');
        return meeting ? `${node.label} (${meetingContext(meeting)})` : undefined;
      }
      case 'Resolution':
      case 'Recommendation': {
        const { item, meeting } = whereMade(node.id);
        if (!meeting) {
          // Made in a report (a task group's), not at a meeting: the report names it.
          const [report] = far(node.id, 'MADE_IN');
          if (!report) return undefined;
          return `${node.label}, ${report.label}${report.props.date ? `, ${humanDate(String(report.props.date))}` : ''}`;
        }
        const itemPart = item && node.type === 'Recommendation' && item.props.number !== undefined ? ` of item ${String(item.props.number)}` : '';
        return `${node.label}${itemPart}, ${meetingContext(meeting)}`;
      }
      case 'Response': {
        const [request] = far(node.id, 'RESPONDS_TO');
        if (!request) return undefined;
        const by = far(node.id, 'MADE_BY').map((n) => n.label);
        const outcome = String(p.outcome).replace(/-/g, ' ');
        return `Response${by.length ? ` of ${by.join(' and ')}` : ''} to ${labelOf(request)}: ${outcome}`;
      }
      case 'Action': {
        const [plan] = far(node.id, 'PART_OF', ['Plan']);
        return plan ? `Action ${String(p.number)} of ${plan.label}: ${truncate(String(p.title), 90)}` : undefined;
      }
      case 'Priority': {
        const parent = container(node.id);
        return parent ? `${node.label} (${String(p.kind).replace(/-/g, ' ')}, ${labelOf(parent)})` : undefined;
      }
      case 'Provision': {
        const [order] = [...far(node.id, 'PART_OF', ['Order']), ...far(node.id, 'VARIES', ['Order', 'Provision'])];
        if (!order) return undefined;
        const kind = p.status === 'proposed' ? `proposed ${String(p.kind)}` : String(p.kind);
        return `${node.label} (${kind}, ${order.type === 'Order' ? order.label : labelOf(order)})`;
      }
      case 'Observation': {
        const [metric] = far(node.id, 'MEASURES');
        if (!metric) return undefined;
        const places = far(node.id, 'LOCATED_IN').map((n) => n.label);
        const period = p.period ? String(p.period) : 'period not recorded';
        const kind = p.kind === 'actual' ? '' : ` (${String(p.kind)})`;
        const where = places.length ? `, ${places.join(', ')}` : '';
        return `${metric.label}, ${period}${where}: ${String(p.valueText)}${kind}`;
      }
      case 'ProgressUpdate': {
        const subjects = far(node.id, 'PROGRESS_OF').map(labelOf);
        if (!subjects.length) return undefined;
        const when = p.asAt !== undefined ? `as at ${humanDate(String(p.asAt))}` : `undated, reported by ${humanDate(String(p.notLaterThan))}`;
        return `Progress on ${truncate(subjects[0]!, 60)}${subjects.length > 1 ? ` (and ${subjects.length - 1} more)` : ''} ${when}: ${truncate(String(p.text), 60)}`;
      }
      case 'Commitment': {
        const who = far(node.id, 'COMMITTED_BY').map((n) => n.label);
        const made = p.madeOn ? `, made ${humanDate(String(p.madeOn))}` : '';
        return `Commitment${who.length ? ` by ${who.join(', ')}` : ''}${made}, due ${humanDate(String(p.dueBy))}: ${truncate(String(p.text), 70)}`;
      }
      default:
        return undefined;
    }
  }
}
