/**
 * Many datasets in one graph, as the API presents them: what a dataset is to a reader
 * (its council, version and counts), which datasets a query asks for, a label that
 * stands alone across councils, and a trace reader that stays within the datasets
 * asked for. Pure.
 */
import type { GraphEdge, GraphNode } from './dataset.js';
import { DomainError } from './errors.js';
import type { NodeTypeName } from './model.js';
import type { TraceReader } from './trace.js';

/** A loaded dataset as the API shows it. */
export interface DatasetInfo {
  name: string;
  /** Human title; the name when the record gives none. */
  title: string;
  /** Namespace of its ids; null when the record was written without one. */
  namespace: string | null;
  /** The council whose business it records; null for the shared registry. */
  council: { name: string; onsCode: string | null } | null;
  /** True for data invented for the project. */
  fictional: boolean;
  version: string;
  loadedAt: string;
  nodeCount: number;
  edgeCount: number;
  /** Nodes per type; types with none are left out. */
  nodeCounts: Partial<Record<NodeTypeName, number>>;
}

/** A dataset name no loaded dataset has. */
export class UnknownDatasetError extends DomainError {
  constructor(name: string, known: readonly string[], argument: string) {
    super(
      'UNKNOWN_DATASET',
      `No dataset is named "${name}"; ${known.length ? `the loaded datasets are ${known.map((k) => `"${k}"`).join(', ')}` : 'no dataset is loaded'} (the \`datasets\` query lists them).`,
      { argument },
    );
  }
}

export interface DatasetFilterArgs {
  dataset?: string | null;
  datasets?: readonly string[] | null;
}

/**
 * The datasets a query is limited to, or null for all of them. `dataset` names one,
 * `datasets` several (any of them); giving both, an empty list or a name no loaded
 * dataset has is refused with what to fix.
 */
export function datasetScope(args: DatasetFilterArgs, loaded: readonly string[]): ReadonlySet<string> | null {
  const { dataset, datasets } = args;
  if (dataset != null && datasets != null) {
    throw new DomainError('BAD_USER_INPUT', 'Pass "dataset" (one name) or "datasets" (a list), not both.', { argument: 'datasets' });
  }
  if (dataset == null && datasets == null) return null;
  const names = dataset != null ? [dataset] : [...datasets!];
  const argument = dataset != null ? 'dataset' : 'datasets';
  if (names.length === 0) throw new DomainError('BAD_USER_INPUT', '"datasets" must name at least one dataset; leave it out to ask every dataset.', { argument });
  const known = new Set(loaded);
  for (const name of names) if (!known.has(name)) throw new UnknownDatasetError(name, [...loaded].sort(), argument);
  return new Set(names);
}

/**
 * A label that stands alone across councils: the label, then the node's council in
 * brackets when the graph holds datasets of more than one council and the node belongs
 * to one of them ("Recommendation 2 (Luton Borough Council)"). Nodes of the shared
 * registry (no council) and every node of a graph of one council keep the bare label.
 *
 * The rule is decided from the list of datasets alone, never from which labels happen
 * to repeat today: a name shown one way stays shown that way when another council's
 * dataset adds a node of the same label, and it costs no read per node.
 */
export function displayName(label: string, council: string | null | undefined, councilsLoaded: number): string {
  return council && councilsLoaded > 1 ? `${label} (${council})` : label;
}

/** How many distinct councils the datasets record (a council with two datasets counts once). */
export function councilCount(datasets: readonly Pick<DatasetInfo, 'council'>[]): number {
  return new Set(datasets.map((d) => d.council?.name).filter((name): name is string => Boolean(name))).size;
}

/**
 * A trace reader that sees only the nodes of the datasets in scope: a node of another
 * dataset reads as absent, and its edges are not walked, so a trace neither returns it
 * nor passes through it. Each node's body and edges are asked for together, as the
 * walk already does, so this adds no round of reads.
 */
export function scopedTraceReader(reader: TraceReader, scope: ReadonlySet<string>): TraceReader {
  const inScope = (node: GraphNode | null): node is GraphNode => node !== null && node.dataset !== undefined && scope.has(node.dataset);
  return {
    getNodes: async (ids) => (await reader.getNodes(ids)).map((node) => (inScope(node) ? node : null)),
    getEdgesOfMany: async (ids, direction, walk) => {
      const [bodies, edges] = await Promise.all([reader.getNodes(ids), reader.getEdgesOfMany(ids, direction, walk)]);
      return edges.map((list: GraphEdge[], i) => (inScope(bodies[i] ?? null) ? list : []));
    },
  };
}
