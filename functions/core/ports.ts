/** What the domain core needs from storage; the DynamoDB adapter implements it. */
import type { GraphEdge, GraphNode } from './dataset.js';
import type { EdgeTypeName, NodeTypeName } from './model.js';

export type Direction = 'out' | 'in';

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** Which page of an ordered list: `size` items after a key, or `size` items before one. */
export type PageWindow = { direction: 'forward'; size: number; after: string | null } | { direction: 'backward'; size: number; before: string | null };

export interface NodeSummary {
  id: string;
  type: NodeTypeName;
  label: string;
  search: string;
}

export interface GraphReader {
  /** Aligned with `ids`; null where no node exists. */
  getNodes(ids: readonly string[]): Promise<Array<GraphNode | null>>;
  getEdges(id: string, direction: Direction, type?: EdgeTypeName): Promise<GraphEdge[]>;
}
