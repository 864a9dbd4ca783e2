/**
 * A synthetic graph of any size for benchmarks: nodes of several types with
 * realistic property sizes and one or two citations each, and three edges per node
 * (so 100,000 nodes bring 300,000 edges). Deterministic, and generated lazily so the
 * generator itself holds nothing.
 */
import type { GraphEdge, GraphNode } from '../../functions/core/dataset.js';
import { NODE_TYPES, type EdgeTypeName, type NodeTypeName } from '../../functions/core/model.js';

const DOCUMENT = 'luton/document:luton-cdc-2020-03-02-agenda-pack';
const TYPES: NodeTypeName[] = ['Person', 'Organisation', 'Meeting', 'AgendaItem', 'Recommendation', 'Action', 'Operation', 'ProgressUpdate', 'Observation', 'Place'];
const QUOTES = [
  'The item was introduced by Vicky Hawkes, Service Manager Neighbourhood Delivery.',
  'Resolved: That the minutes of the meeting held on 27th March 2018 be agreed and taken as a correct record and the Chair be authorised to sign them.',
  '58% of respondents felt fairly or very safe in the day time in 2016 compared to 43% of respondents in 2020.',
  'Greg Horsford Police Superintendent, Bedfordshire Police',
];

export function syntheticNodeId(index: number): string {
  return `${NODE_TYPES[TYPES[index % TYPES.length]!].prefix}:synthetic-${index}`;
}

function props(type: NodeTypeName, index: number): Record<string, string | number | string[]> {
  const words = `synthetic ${type.toLowerCase()} number ${index}, with "quotes", commas and an ampersand & more`;
  switch (type) {
    case 'Person':
      return { name: `Person ${index}`, honorific: 'Councillor', aliases: [`P. ${index}`] };
    case 'Organisation':
      return { name: `Organisation ${index}`, kind: 'partnership', description: words };
    case 'Meeting':
      return { title: `Meeting ${index}`, kind: 'committee', date: '2020-03-02', startTime: '19:00', venue: 'Town Hall, Luton' };
    case 'AgendaItem':
      return { number: String(index % 14), title: `Item ${index}: ${words}`, kind: 'report' };
    case 'Recommendation':
      return { number: String(index % 5), text: `That the Committee ${words}.`, status: 'adopted', followUp: 'required' };
    case 'Action':
      return { number: String(index % 40), title: `Action ${words}` };
    case 'Operation':
      return { name: `Operation ${index}`, kind: 'operation', status: 'active' };
    case 'ProgressUpdate':
      return { text: `Progress on ${words}. `.repeat(3), asAt: '2020-03', status: 'in-progress' };
    case 'Observation':
      return { value: index % 97, valueText: `${index % 97}%`, unit: '%', period: '2019/20', kind: 'actual' };
    default:
      return { name: `Place ${index}`, kind: 'ward' };
  }
}

export function syntheticNode(index: number): GraphNode {
  const type = TYPES[index % TYPES.length]!;
  const p = props(type, index);
  const sources = [{ document: DOCUMENT, quote: QUOTES[index % QUOTES.length]!, lines: [200 + (index % 3000), 201 + (index % 3000)] as [number, number], page: String(5 + (index % 100)) }];
  if (index % 2 === 0) sources.push({ document: DOCUMENT, quote: QUOTES[(index + 1) % QUOTES.length]!, lines: [10, 12], page: '1' });
  return { id: syntheticNodeId(index), type, label: NODE_TYPES[type].label(p), props: p, sources };
}

const EDGE_TYPES: EdgeTypeName[] = ['PART_OF', 'PART_OF', 'PART_OF'];

/** The k-th (0..2) edge leaving node `index`: distinct far ends, so no edge repeats. */
export function syntheticEdge(index: number, k: number, nodeCount: number): GraphEdge {
  const to = (index + 1 + k * 7919) % nodeCount;
  return {
    from: syntheticNodeId(index),
    type: EDGE_TYPES[k]!,
    to: syntheticNodeId(to === index ? (to + 1) % nodeCount : to),
    props: { basis: k === 2 ? 'inferred' : 'stated', ...(k === 2 ? { rationale: 'Matched by a synthetic rule for benchmarking.' } : {}), ...(k === 0 ? { role: 'member', observedOn: '2020-03-02' } : {}) },
    sources: [{ document: DOCUMENT, quote: QUOTES[(index + k) % QUOTES.length]!, lines: [300, 301] }],
  };
}

/** Batches of nodes then edges, `batch` at a time, for loading. */
export function* syntheticBatches(nodeCount: number, batch: number): Generator<{ nodes: GraphNode[]; edges: GraphEdge[] }> {
  for (let start = 0; start < nodeCount; start += batch) {
    const nodes: GraphNode[] = [];
    const edges: GraphEdge[] = [];
    for (let i = start; i < Math.min(nodeCount, start + batch); i++) {
      nodes.push(syntheticNode(i));
      for (let k = 0; k < 3; k++) edges.push(syntheticEdge(i, k, nodeCount));
    }
    yield { nodes, edges };
  }
}
