/**
 * The per-request context: who is asking, and a fresh set of DataLoaders for every
 * request, so one caller's reads are never served from another caller's cache. Every
 * loader reads as the request's viewer, so what the viewer may not see never enters
 * them (storage filters it, functions/storage/visibility.ts).
 */
import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { ANONYMOUS, type Viewer } from '../core/access.js';
import type { GraphEdge, GraphNode } from '../core/dataset.js';
import type { DatasetInfo } from '../core/datasets.js';
import type { EdgeTypeName } from '../core/model.js';
import type { Direction } from '../core/ports.js';
import type { TraceDirection, TraceReader } from '../core/trace.js';
import type { DynamoGraphStore, Neighbourhood } from '../storage/graph-store.js';
import { walksReading } from '../storage/keys.js';

export interface RequestContext {
  /** Ties a request's log lines together; returned to the caller as `x-request-id`. */
  correlationId: string;
  /**
   * Who is asking, decided once per request before anything runs (from a verified
   * bearer token, or its absence: ANONYMOUS). Storage reads take it; no resolver
   * decides access on its own.
   */
  viewer: Viewer;
  store: DynamoGraphStore;
  nodeLoader: DataLoader<string, GraphNode | null>;
  /** Outgoing edges of a node, all types. */
  outEdgesLoader: DataLoader<string, GraphEdge[]>;
  /** Incoming edges of a node, all types (copies kept in the node's own partition). */
  inEdgesLoader: DataLoader<string, GraphEdge[]>;
  /**
   * A node's edges of some types on one side: from a read of its partition this request
   * already made where one covers them, else one Query per type that reads nothing else,
   * so a field such as `leads` costs the same however many other edges the node has.
   */
  edgesOfTypes(id: string, direction: Direction, types: readonly EdgeTypeName[]): Promise<GraphEdge[]>;
  traceReader: TraceReader;
  /** Every dataset loaded to the end, read once per request. */
  listDatasets: () => Promise<DatasetInfo[]>;
  /** A dataset by name, from that one read; null for a name not loaded. */
  datasetLoader: DataLoader<string, DatasetInfo | null>;
  /** The qualified id an old, unqualified id now names (alias items); null where none. */
  aliasLoader: DataLoader<string, string | null>;
}

/** A caller's own request id is kept when it is a plain token; anything else gets a fresh one. */
export function correlationIdFrom(candidate: string | undefined | null): string {
  return candidate && /^[A-Za-z0-9._:-]{1,128}$/.test(candidate) ? candidate : randomUUID();
}

export function createRequestContext(store: DynamoGraphStore, correlationId: string = randomUUID(), viewer: Viewer = ANONYMOUS): RequestContext {
  // One read of a node's partition gives its body, out edges and in edges; each is read
  // at most once per request (per walk, when a walk reads only the part it follows).
  const reads = new Map<string, Promise<Neighbourhood>>();
  const bodyReads = new Map<string, Promise<Neighbourhood>>();
  const neighbourhood = (id: string, walk?: TraceDirection): Promise<Neighbourhood> => {
    const key = `${walk ?? 'ALL'} ${id}`;
    let read = reads.get(key);
    if (!read) {
      read = store.readNeighbourhood(viewer, id, walk);
      reads.set(key, read);
      if (!bodyReads.has(id)) bodyReads.set(id, read);
    }
    return read;
  };
  // Batch functions return results aligned with their keys, as DataLoader requires. A body
  // whose partition is being read in the same round comes from that read, not a second one.
  const nodeLoader = new DataLoader<string, GraphNode | null>(
    async (ids) => {
      const rest = ids.filter((id) => !bodyReads.has(id));
      const fetched = new Map<string, GraphNode | null>();
      const bodies = rest.length ? await store.getNodes(viewer, rest) : [];
      rest.forEach((id, i) => fetched.set(id, bodies[i] ?? null));
      return Promise.all(ids.map(async (id) => (fetched.has(id) ? fetched.get(id)! : (await bodyReads.get(id)!).node)));
    },
    { maxBatchSize: 100 },
  );
  const edgesLoader = (direction: Direction) => new DataLoader<string, GraphEdge[]>((ids) => Promise.all(ids.map(async (id) => (await neighbourhood(id))[direction])));
  const outEdgesLoader = edgesLoader('out');
  const inEdgesLoader = edgesLoader('in');
  const typedReads = new Map<string, Promise<GraphEdge[]>>();
  const edgesOfType = (id: string, direction: Direction, type: EdgeTypeName): Promise<GraphEdge[]> => {
    const covering = [`ALL ${id}`, ...walksReading(type, direction).map((walk) => `${walk} ${id}`)].map((key) => reads.get(key)).find(Boolean);
    if (covering) return covering.then((read) => read[direction].filter((edge) => edge.type === type));
    const key = `${direction} ${type} ${id}`;
    let read = typedReads.get(key);
    if (!read) typedReads.set(key, (read = store.getEdges(viewer, id, direction, type)));
    return read;
  };
  const edgesOfTypes = async (id: string, direction: Direction, types: readonly EdgeTypeName[]) => (await Promise.all(types.map((type) => edgesOfType(id, direction, type)))).flat();
  const traceReader: TraceReader = {
    getNodes: async (ids) => {
      const loaded = await nodeLoader.loadMany(ids);
      return loaded.map((value) => {
        if (value instanceof Error) throw value;
        return value;
      });
    },
    getEdgesOfMany: async (ids, direction, walk) => {
      if (!walk) {
        const loaded = await (direction === 'out' ? outEdgesLoader : inEdgesLoader).loadMany(ids);
        return loaded.map((value) => {
          if (value instanceof Error) throw value;
          return value;
        });
      }
      return Promise.all(ids.map(async (id) => (await neighbourhood(id, walk))[direction]));
    },
  };
  let datasets: Promise<DatasetInfo[]> | undefined;
  const listDatasets = () => (datasets ??= store.listDatasetInfo(viewer));
  const datasetLoader = new DataLoader<string, DatasetInfo | null>(async (names) => {
    const byName = new Map((await listDatasets()).map((d) => [d.name, d]));
    return names.map((name) => byName.get(name) ?? null);
  });
  const aliasLoader = new DataLoader<string, string | null>((ids) => store.resolveAliases(ids), { maxBatchSize: 100 });
  return { correlationId, viewer, store, nodeLoader, outEdgesLoader, inEdgesLoader, edgesOfTypes, traceReader, listDatasets, datasetLoader, aliasLoader };
}
