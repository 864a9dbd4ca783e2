/** What the domain core needs from storage; the DynamoDB adapter implements it. */
import type { Viewer } from './access.js';
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

/** Reads of the graph as a viewer may see them: what the viewer may not see reads as absent. */
export interface GraphReader {
  /** Aligned with `ids`; null where no node exists or the viewer may not see it. */
  getNodes(viewer: Viewer, ids: readonly string[]): Promise<Array<GraphNode | null>>;
  getEdges(viewer: Viewer, id: string, direction: Direction, type?: EdgeTypeName): Promise<GraphEdge[]>;
}
