/**
 * A relationship whose far end the caller may not read. A council's dataset links its
 * action and recommendation to a shared body in the fictional registry; the registry is
 * then reloaded with that body restricted. The council's links stay public items, but an
 * anonymous caller gets each relation field, relationship list, trace and delivery chain
 * as if the body and the links to it were not there, with no error; an officer gets them
 * all. The same holds for a link whose far end a reload removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Viewer } from '../../functions/core/access.js';
import { createGraphServer, createRequestContext } from '../../functions/graphql/server.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { HARBOURSIDE, HARBOURSIDE_RECOMMENDATION, POLICE, REGISTRY, harboursideGraph, registryGraph } from '../fixtures/fictional-councils.js';

const OFFICER: Viewer = { role: 'officer', subject: 'officer-1' };
const ACTION = 'harbourside/action:night-patrols-1';
const MEETING = 'harbourside/meeting:scrutiny-2021-01-10';

let engine: LocalEngine;
let restricted: DynamoGraphStore;
let removed: DynamoGraphStore;
const server = createGraphServer();

type Result = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

async function run(store: DynamoGraphStore, viewer: Viewer, query: string): Promise<Result> {
  const response = await server.executeOperation({ query }, { contextValue: createRequestContext(store, 'far-end', viewer) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  const { data, errors } = response.body.singleResult;
  return JSON.parse(JSON.stringify({ data, errors: errors?.map((e) => ({ message: e.message, extensions: e.extensions })) })) as Result;
}

beforeAll(async () => {
  engine = await startLocalEngine();
  const client = createDynamoDbClient({ endpoint: engine.endpoint });
  await Promise.all([ensureTable(client, 'far-restricted'), ensureTable(client, 'far-removed')]);
  restricted = new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint }), 'far-restricted');
  removed = new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint }), 'far-removed');
  // Harbourside's links to the police: its action led by them, its recommendation addressed
  // to them, and its meeting attended by them, a link whose far end is where it starts.
  const harbourside = harboursideGraph();
  const resolvedAt = harbourside.edges.find((e) => e.type === 'RESOLVED_AT')!;
  harbourside.edges.push({ ...resolvedAt, from: POLICE, type: 'ATTENDED', props: { basis: 'stated', role: 'in-attendance' } });
  for (const store of [restricted, removed]) {
    await loadGraph(store, registryGraph(), REGISTRY);
    await loadGraph(store, harbourside, HARBOURSIDE);
  }
  // The registry reloaded: the police restricted in one table, gone from the other.
  const registry = registryGraph();
  await loadGraph(restricted, { ...registry, nodes: registry.nodes.map((n) => (n.id === POLICE ? { ...n, restriction: { reason: 'confidential-partnership' as const } } : n)) }, REGISTRY);
  await loadGraph(removed, { ...registry, nodes: registry.nodes.filter((n) => n.id !== POLICE) }, REGISTRY);
  await server.start();
}, 60_000);

afterAll(async () => {
  await server.stop();
  await engine?.close();
});

const LINKS = `relationships { type from { id } to { id } }`;
const ACTION_QUERY = `{ node(id: "${ACTION}") { id ... on Action { leads { lead { id } } takesUp { id } } ${LINKS} } }`;
const MEETING_QUERY = `{ node(id: "${MEETING}") { id ... on Meeting { attendance { attendee { id } role } } ${LINKS} } }`;
const RECOMMENDATION_QUERY = `{ node(id: "${HARBOURSIDE_RECOMMENDATION}") { id ... on Recommendation { addressedTo { id } takenUpBy { id } } ${LINKS} } }`;

describe('a link whose far end the caller may not read', () => {
  it('is left out of relation fields and relationship lists, with no error', async () => {
    for (const store of [restricted, removed]) {
      const action = await run(store, ANONYMOUS, ACTION_QUERY);
      expect(action.errors).toBeUndefined();
      expect(action.data).toEqual({
        node: { id: ACTION, leads: [], takesUp: [{ id: HARBOURSIDE_RECOMMENDATION }], relationships: [{ type: 'TAKES_UP', from: { id: ACTION }, to: { id: HARBOURSIDE_RECOMMENDATION } }] },
      });
      const recommendation = await run(store, ANONYMOUS, RECOMMENDATION_QUERY);
      expect(recommendation.errors).toBeUndefined();
      expect(recommendation.data?.node).toMatchObject({ addressedTo: [], takenUpBy: [{ id: ACTION }] });
      expect(JSON.stringify(recommendation.data)).not.toContain(POLICE);
      const meeting = await run(store, ANONYMOUS, MEETING_QUERY);
      expect(meeting.errors).toBeUndefined();
      expect(meeting.data).toEqual({ node: { id: MEETING, attendance: [], relationships: [{ type: 'RESOLVED_AT', from: { id: HARBOURSIDE_RECOMMENDATION }, to: { id: MEETING } }] } });
    }
  });

  it('is there for an officer when the far end is restricted', async () => {
    const action = await run(restricted, OFFICER, ACTION_QUERY);
    expect(action.errors).toBeUndefined();
    expect(action.data?.node).toMatchObject({ leads: [{ lead: { id: POLICE } }] });
    const recommendation = await run(restricted, OFFICER, RECOMMENDATION_QUERY);
    expect(recommendation.data?.node).toMatchObject({ addressedTo: [{ id: POLICE }] });
    const meeting = await run(restricted, OFFICER, MEETING_QUERY);
    expect(meeting.data?.node).toMatchObject({ attendance: [{ attendee: { id: POLICE } }], relationships: expect.arrayContaining([{ type: 'ATTENDED', from: { id: POLICE }, to: { id: MEETING } }]) });
    const trace = await run(restricted, OFFICER, `{ trace(from: "${HARBOURSIDE_RECOMMENDATION}") { nodes { id } } }`);
    expect((trace.data?.trace as { nodes: Array<{ id: string }> }).nodes.map((n) => n.id)).toContain(POLICE);
  });

  it('leaves traces and delivery chains whole but for the far end', async () => {
    for (const store of [restricted, removed]) {
      const trace = await run(store, ANONYMOUS, `{ trace(from: "${HARBOURSIDE_RECOMMENDATION}") { nodes { id } edges { from { id } to { id } } paths labelledPaths { node { id } label } gaps { node { id } code } } }`);
      expect(trace.errors).toBeUndefined();
      expect(JSON.stringify(trace.data)).not.toContain(POLICE);
      const chains = await run(store, ANONYMOUS, `{ deliveryChains(from: "${HARBOURSIDE_RECOMMENDATION}") { delivery chains { steps { node { id } via { type } context { role node { id } } } gap { stage reason } } } }`);
      expect(chains.errors).toBeUndefined();
      expect(JSON.stringify(chains.data)).not.toContain(POLICE);
    }
  });
});
