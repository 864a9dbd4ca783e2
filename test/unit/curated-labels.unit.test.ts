/**
 * Labels that stand alone: search results and trace paths show a label without its
 * neighbours, so every label in the curated dataset is unique and names its context.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Graph, GraphNode } from '../../functions/core/dataset.js';
import { contextualLabels, humanDate } from '../../functions/core/labels.js';
import { namespaceOf } from '../../functions/core/namespaces.js';
import { loadGraphFromDir } from '../../functions/local/dataset-files.js';
import { CURATED_DATASET_DIR } from '../fixtures/local-graph.js';

let graph: Graph;
let byId: Map<string, GraphNode>;

beforeAll(async () => {
  graph = await loadGraphFromDir(CURATED_DATASET_DIR);
  byId = new Map(graph.nodes.map((n) => [n.id, n]));
});

const farEnds = (id: string, type: string) => graph.edges.filter((e) => e.from === id && e.type === type).map((e) => byId.get(e.to)!);

/** The meeting a request or item was made at, found here independently of the labeller. */
function meetingOf(node: GraphNode): GraphNode | undefined {
  if (node.type === 'AgendaItem') return farEnds(node.id, 'ITEM_OF')[0];
  const [at] = farEnds(node.id, 'RESOLVED_AT');
  return at?.type === 'Meeting' ? at : at ? farEnds(at.id, 'ITEM_OF')[0] : undefined;
}

describe('labels of the curated dataset', () => {
  it('are unique within each dataset, so a list of labels alone never shows two of its nodes the same', () => {
    // Across datasets a label may repeat (the registry registers Luton's agenda pack as its own Document).
    for (const namespace of ['luton', 'registry']) {
      const seen = new Map<string, string[]>();
      for (const node of graph.nodes.filter((n) => namespaceOf(n.id) === namespace)) seen.set(node.label, [...(seen.get(node.label) ?? []), node.id]);
      expect([...seen].filter(([, ids]) => ids.length > 1)).toEqual([]);
      expect(seen.size).toBeGreaterThan(10);
    }
  });

  it('name the committee, date and number of every resolution, recommendation and agenda item', () => {
    const missing: string[] = [];
    for (const node of graph.nodes.filter((n) => ['Resolution', 'Recommendation', 'AgendaItem'].includes(n.type))) {
      const meeting = meetingOf(node);
      if (!meeting) { missing.push(`${node.id}: no meeting`); continue; }
      const wanted = [String(meeting.props.title), humanDate(String(meeting.props.date)), ...(node.props.number ? [String(node.props.number)] : [])];
      for (const part of wanted) if (!node.label.includes(part)) missing.push(`${node.id}: "${node.label}" lacks "${part}"`);
    }
    expect(missing).toEqual([]);
  });

  it('name the metric and period of every observation', () => {
    const missing = graph.nodes
      .filter((n) => n.type === 'Observation')
      .filter((n) => {
        const [metric] = farEnds(n.id, 'MEASURES');
        return !metric || !n.label.includes(metric.label) || !n.label.includes(String(n.props.period ?? 'period not recorded'));
      })
      .map((n) => `${n.id}: ${n.label}`);
    expect(missing).toEqual([]);
  });

  it('name the plan of every action, the body of every post and the subject of every progress update', () => {
    const missing: string[] = [];
    for (const node of graph.nodes) {
      const context =
        node.type === 'Action' ? farEnds(node.id, 'PART_OF').filter((n) => n.type === 'Plan').map((n) => n.label)
        : node.type === 'Post' ? farEnds(node.id, 'POST_IN').map((n) => String(n.props.name))
        : [];
      for (const part of context) if (!node.label.toLowerCase().includes(part.toLowerCase())) missing.push(`${node.id}: "${node.label}" lacks "${part}"`);
      if (node.type === 'ProgressUpdate') {
        const subjects = farEnds(node.id, 'PROGRESS_OF').map((n) => n.label.slice(0, 30));
        if (!subjects.some((s) => node.label.includes(s))) missing.push(`${node.id}: "${node.label}" names none of ${subjects.join('; ')}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keep the printed number first, so "Resolution 09(iii)" still finds the resolution', () => {
    expect(byId.get('luton/resolution:cdc-2019-03-05-09-iii')!.label).toBe('Resolution 09(iii), Scrutiny – Crime and Disorder Committee, 5 March 2019');
    expect(byId.get('luton/observation:rough-sleeping-count-2019')!.label).toBe('People rough sleeping on a ‘typical night’ in Luton (snapshot count/estimate), 2019, Luton: 43 (estimate)');
  });
});

describe('contextualLabels', () => {
  it('tells apart two nodes that would share a label by their type (fictional nodes)', () => {
    const labels = contextualLabels(
      [
        { id: 'fictional/plan:fictional-plan', type: 'Plan', label: 'Fictional Plan 2030', props: { title: 'Fictional Plan 2030' } },
        { id: 'fictional/document:fictional-plan', type: 'Document', label: 'Fictional Plan 2030', props: { title: 'Fictional Plan 2030' } },
      ],
      [],
    );
    expect(labels.get('fictional/plan:fictional-plan')).toBe('Fictional Plan 2030 (plan)');
    expect(labels.get('fictional/document:fictional-plan')).toBe('Fictional Plan 2030 (document)');
  });

  it('writes dates as people read them, at the precision given', () => {
    expect([humanDate('2019-03-05'), humanDate('2019-06'), humanDate('2019')]).toEqual(['5 March 2019', 'June 2019', '2019']);
  });
});
