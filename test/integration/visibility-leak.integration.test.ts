/**
 * The leak suite. For every read path, an anonymous caller asking the fictional dataset
 * with restricted content gets exactly the answer it would get if the restricted nodes and
 * edges had never been loaded (so no id, label, text, quote, count or cursor can reveal
 * them), and an officer gets all of it. Two tables on the engine: one loaded with the
 * whole fixture, one with its public part alone; the real server (Apollo, resolvers,
 * loaders, storage) answers both.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TableClient } from '../../functions/storage/table-client.js';
import { HeaderMap } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, signedInViewer, type Viewer } from '../../functions/core/access.js';
import type { Graph } from '../../functions/core/dataset.js';
import { createGraphServer, createRequestContext } from '../../functions/graphql/server.js';
import { buildDatasetWithDependencies } from '../../functions/local/dataset-files.js';
import type { DatasetDescriptor } from '../../functions/core/namespaces.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import type { ExportManifest } from '../../functions/core/export/export-graph.js';
import { exportTable } from '../../functions/storage/table-export.js';
import { EXPORT_ROOTS, runScheduledExport } from '../../functions/storage/export-publisher.js';
import { createS3Client } from '../../functions/storage/s3-client.js';
import { startS3StandIn } from '../fixtures/s3-stand-in.js';
import { RESTRICTED_DATASET_DIR, RESTRICTED_IDS, RESTRICTED_WORDS, publicPart } from '../fixtures/restricted-graph.js';

const OFFICER: Viewer = { role: 'officer', subject: 'officer-1' };
const REVIEW = 'exampleton/operation:exampleton-riverside-depot-security-review';
const EXEMPT_ITEM = 'exampleton/agenda-item:exampleton-csc-2026-10-12-04';
const MANAGER = 'exampleton/post:exampleton-community-safety-manager';
const [REPORT, PERSON, PROGRESS] = RESTRICTED_IDS;

let engine: LocalEngine;
let doc: TableClient;
let full: DynamoGraphStore;
let publicOnly: DynamoGraphStore;
let graph: Graph;
let descriptor: DatasetDescriptor;
const DATASET = 'exampleton-2026';
const server = createGraphServer();

type Result = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

async function run(store: DynamoGraphStore, viewer: Viewer, query: string, variables?: Record<string, unknown>): Promise<Result> {
  const response = await server.executeOperation({ query, variables }, { contextValue: createRequestContext(store, 'leak-suite', viewer) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  const { data, errors } = response.body.singleResult;
  return JSON.parse(JSON.stringify({ data, errors: errors?.map((e) => ({ message: e.message, extensions: e.extensions })) })) as Result;
}

/** Asks the same query anonymously of both tables; they must answer identically, and without a restricted word. */
async function anonymousSeesOnlyThePublicPart(query: string, variables?: Record<string, unknown>): Promise<Result> {
  const [fromFull, fromPublic] = await Promise.all([run(full, ANONYMOUS, query, variables), run(publicOnly, ANONYMOUS, query, variables)]);
  expect(fromFull).toEqual(fromPublic);
  expectNoRestrictedContent(fromFull, variables);
  return fromFull;
}

/** No restricted id or words, beyond what the caller itself sent (an error may quote the id asked for). */
function expectNoRestrictedContent(value: unknown, asked: Record<string, unknown> = {}): void {
  let text = JSON.stringify(value).toLowerCase();
  for (const sent of Object.values(asked).flat()) if (typeof sent === 'string') text = text.replaceAll(sent.toLowerCase(), '');
  for (const word of [...RESTRICTED_IDS, ...RESTRICTED_WORDS]) expect(text).not.toContain(word.toLowerCase());
}

const officer = (query: string, variables?: Record<string, unknown>) => run(full, OFFICER, query, variables);

beforeAll(async () => {
  engine = await startLocalEngine();
  const client = createDynamoDbClient({ endpoint: engine.endpoint });
  doc = createTableClient({ endpoint: engine.endpoint });
  ({ graph, descriptor } = (await buildDatasetWithDependencies(RESTRICTED_DATASET_DIR))[0]!);
  expect(descriptor).toMatchObject({ name: DATASET, namespace: 'exampleton', fictional: true, dependencies: [] });
  await Promise.all([ensureTable(client, 'leak-full'), ensureTable(client, 'leak-public')]);
  full = new DynamoGraphStore(doc, 'leak-full');
  publicOnly = new DynamoGraphStore(doc, 'leak-public');
  await Promise.all([loadGraph(full, graph, descriptor), loadGraph(publicOnly, publicPart(graph), descriptor)]);
  await server.start();
});

afterAll(async () => {
  await server.stop();
  await engine?.close();
});

const NODE_FIELDS = `id type label sources { quote locator document { id label } } relationships { type from { id label } to { id label } sources { quote } }`;

describe('node and nodesById', () => {
  it.each(RESTRICTED_IDS.map((id) => [id]))('answer an anonymous caller about %s exactly as about an unknown id', async (id) => {
    const result = await anonymousSeesOnlyThePublicPart(`query($id: ID!) { node(id: $id) { ${NODE_FIELDS} } }`, { id });
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const listed = await anonymousSeesOnlyThePublicPart(`query($ids: [ID!]!) { nodesById(ids: $ids) { id label } }`, { ids: [REVIEW, id] });
    expect(listed.data).toEqual({ nodesById: [{ id: REVIEW, label: 'Riverside depot security review' }, null] });
  });

  it('give an officer every restricted node, its reason-bearing sources and links', async () => {
    const result = await officer(`query($ids: [ID!]!) { nodesById(ids: $ids) { ${NODE_FIELDS} } }`, { ids: [...RESTRICTED_IDS] });
    const nodes = (result.data!.nodesById as Array<{ id: string; sources: Array<{ document: { id: string } }>; relationships: unknown[] }>);
    expect(nodes.map((n) => n?.id)).toEqual([...RESTRICTED_IDS]);
    expect(nodes.every((n) => n.sources.every((s) => s.document.id === REPORT))).toBe(true);
    expect(nodes.every((n) => n.relationships.length > 0)).toBe(true);
  });

  it('tell an officer what is restricted and why, and an anonymous caller that all it reads is public', async () => {
    const FIELDS = `visibility restriction { reason paragraph description note } relationships { type visibility restriction { reason } }`;
    const asOfficer = await officer(`query($ids: [ID!]!) { nodesById(ids: $ids) { id ${FIELDS} } }`, { ids: [PERSON, REVIEW] });
    expect(asOfficer.data!.nodesById).toEqual([
      {
        id: PERSON,
        visibility: 'RESTRICTED',
        restriction: { reason: 'EXEMPT_INFORMATION', paragraph: 3, description: 'exempt information, Schedule 12A paragraph 3 (information relating to the financial or business affairs of any particular person)', note: 'Named only in the exempt report.' },
        relationships: [{ type: 'AUTHORED_BY', visibility: 'RESTRICTED', restriction: { reason: 'EXEMPT_INFORMATION' } }],
      },
      expect.objectContaining({ id: REVIEW, visibility: 'PUBLIC', restriction: null }),
    ]);
    const reviewLinks = (asOfficer.data!.nodesById as Array<{ relationships: Array<{ type: string; visibility: string }> }>)[1]!.relationships;
    expect(reviewLinks.filter((r) => r.visibility === 'RESTRICTED').map((r) => r.type).sort()).toEqual(['LED_BY', 'PROGRESS_OF']);
    const anonymous = await anonymousSeesOnlyThePublicPart(`query($ids: [ID!]!) { nodesById(ids: $ids) { id ${FIELDS} } }`, { ids: [REVIEW] });
    expect(anonymous.data!.nodesById).toEqual([{ id: REVIEW, visibility: 'PUBLIC', restriction: null, relationships: [{ type: 'TAKES_UP', visibility: 'PUBLIC', restriction: null }] }]);
  });
});

describe('nodes', () => {
  const PAGE = `query($type: NodeType!, $first: Int, $after: String, $last: Int, $before: String) {
    nodes(type: $type, first: $first, after: $after, last: $last, before: $before) {
      totalCount edges { cursor node { id label } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

  async function everyPage(store: DynamoGraphStore, viewer: Viewer, type: string, backward: boolean): Promise<Result[]> {
    const pages: Result[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page = await run(store, viewer, PAGE, backward ? { type, last: 1, before: cursor } : { type, first: 1, after: cursor });
      pages.push(page);
      const info = (page.data!.nodes as { pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null } }).pageInfo;
      if (!(backward ? info.hasPreviousPage : info.hasNextPage)) break;
      cursor = backward ? info.startCursor : info.endCursor;
    }
    return pages;
  }

  it.each([['DOCUMENT'], ['PERSON'], ['PROGRESS_UPDATE'], ['OPERATION'], ['AGENDA_ITEM']])('pages %s for an anonymous caller, both ways, as if nothing were restricted', async (type) => {
    for (const backward of [false, true]) {
      const [fromFull, fromPublic] = await Promise.all([everyPage(full, ANONYMOUS, type, backward), everyPage(publicOnly, ANONYMOUS, type, backward)]);
      expect(fromFull).toEqual(fromPublic);
      expectNoRestrictedContent(fromFull);
    }
    // A bigger page, and the count, too.
    await anonymousSeesOnlyThePublicPart(PAGE, { type, first: 50 });
  });

  it.each([['PERSON'], ['PROGRESS_UPDATE'], ['DOCUMENT']])('pages %s of one dataset (the dataset filter\'s own read) as if nothing were restricted', async (type) => {
    const SCOPED = PAGE.replace('$before: String) {', '$before: String, $dataset: String) {').replace('before: $before)', 'before: $before, dataset: $dataset)');
    for (const first of [1, 50]) await anonymousSeesOnlyThePublicPart(SCOPED, { type, first, dataset: DATASET });
    await anonymousSeesOnlyThePublicPart(SCOPED, { type, last: 1, dataset: DATASET });
    const asOfficer = await officer(SCOPED, { type, first: 50, dataset: DATASET });
    expect(JSON.stringify(asOfficer)).toContain(type === 'PERSON' ? PERSON : type === 'DOCUMENT' ? REPORT : PROGRESS);
  });

  it('counts and pages restricted nodes for an officer', async () => {
    const persons = await officer(PAGE, { type: 'PERSON', first: 50 });
    expect(persons.data!.nodes).toMatchObject({ totalCount: 1, edges: [{ node: { id: PERSON } }] });
    const anonymous = await run(full, ANONYMOUS, PAGE, { type: 'PERSON', first: 50 });
    expect(anonymous.data!.nodes).toMatchObject({ totalCount: 0, edges: [] });
    const progress = await everyPage(full, OFFICER, 'PROGRESS_UPDATE', false);
    expect(progress.flatMap((p) => (p.data!.nodes as { edges: Array<{ node: { id: string } }> }).edges.map((e) => e.node.id))).toEqual([
      'exampleton/progress:exampleton-night-time-economy-patrols-2026-10',
      PROGRESS,
    ]);
  });

  it('does not let a restricted id used as a cursor tell whether it exists', async () => {
    await anonymousSeesOnlyThePublicPart(PAGE, { type: 'PERSON', first: 5, after: Buffer.from(`id:${PERSON}`).toString('base64url') });
    await anonymousSeesOnlyThePublicPart(PAGE, { type: 'PROGRESS_UPDATE', last: 5, before: Buffer.from(`id:${PROGRESS}`).toString('base64url') });
  });
});

describe('search', () => {
  const SEARCH = `query($text: String!, $first: Int, $after: String) { search(text: $text, first: $first, after: $after) {
    totalCount edges { cursor node { id label } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;

  it.each([['Morgan Quill'], ['tenders'], ['guarding contract'], ['Riverside depot'], ['exempt'], ['Community Safety Manager'], ['progress'], ['Quil']])('finds for an anonymous caller, for "%s", only what the public part holds, in hits and totals', async (text) => {
    await anonymousSeesOnlyThePublicPart(SEARCH, { text, first: 50 });
    await anonymousSeesOnlyThePublicPart(SEARCH, { text, first: 1 });
    await anonymousSeesOnlyThePublicPart(SEARCH.replace('$after: String) {', '$after: String, $dataset: String) {').replace('after: $after)', 'after: $after, dataset: $dataset)'), { text, first: 50, dataset: DATASET });
  });

  it.each([['riverside'], ['community safety'], ['depot securty'], ['report']])('pages "%s" one hit at a time, both ways, for an anonymous caller as if nothing were restricted', async (text) => {
    const PAGED = `query($text: String!, $first: Int, $after: String, $last: Int, $before: String) { search(text: $text, first: $first, after: $after, last: $last, before: $before) {
      totalCount edges { cursor node { id label } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    for (const backward of [false, true]) {
      let cursor: string | null = null;
      for (let page = 0; page < 30; page++) {
        const result = await anonymousSeesOnlyThePublicPart(PAGED, backward ? { text, last: 1, before: cursor } : { text, first: 1, after: cursor });
        const info = (result.data!.search as { pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null } }).pageInfo;
        if (!(backward ? info.hasPreviousPage : info.hasNextPage)) break;
        cursor = backward ? info.startCursor : info.endCursor;
      }
    }
  });

  it('reads the index as the caller: no restricted term, posting or text for an anonymous reader, all of them for an officer', async () => {
    const anonymous = full.searchIndex(ANONYMOUS);
    const asOfficer = full.searchIndex(OFFICER);
    expect(await anonymous.termsExactly(DATASET, ['quill', 'bids'])).toEqual([]);
    expect((await asOfficer.termsExactly(DATASET, ['quill'])).map((e) => [e.term, e.vis])).toEqual([['quill', 'restricted']]);
    expect((await anonymous.termsWithPrefix(DATASET, 'qu')).map((e) => e.term)).not.toContain('quill');
    expect((await asOfficer.termsWithPrefix(DATASET, 'qu')).map((e) => e.term)).toContain('quill');
    expect(await anonymous.blockPostings(DATASET, 'quill', 'restricted')).toEqual([]);
    const texts = await anonymous.nodeTexts([PERSON, REVIEW]);
    expect([texts[0], typeof texts[1]]).toEqual([null, 'string']);
    expect((await asOfficer.nodeTexts([PERSON]))[0]).toContain('quill');
  });

  it('finds restricted nodes for an officer', async () => {
    const result = await officer(SEARCH, { text: 'Morgan Quill', first: 5 });
    expect((result.data!.search as { edges: Array<{ node: { id: string } }> }).edges[0]!.node.id).toBe(PERSON);
    const tenders = await officer(SEARCH, { text: 'tenders', first: 5 });
    expect((tenders.data!.search as { edges: Array<{ node: { id: string } }> }).edges.map((e) => e.node.id)).toContain(PROGRESS);
  });
});

describe('trace and delivery chains', () => {
  const TRACE = `query($from: ID!, $direction: TraceDirection, $dataset: String) { trace(from: $from, direction: $direction, dataset: $dataset) {
    paths gaps { code reason node { id label } } nodes { id label sources { quote } } edges { type from { id } to { id } }
    labelledPaths { label via } depthReached truncated } }`;
  const CHAINS = `query($from: ID!, $direction: TraceDirection, $dataset: String) { deliveryChains(from: $from, direction: $direction, dataset: $dataset) {
    delivery truncated chains { steps { stage label date node { id } via { type sources { quote } } context { role node { id label } } } gap { stage reason } } } }`;

  it.each([
    ['exampleton/resolution:exampleton-csc-2026-04-06-06', 'DOWNSTREAM'],
    ['exampleton/resolution:exampleton-csc-2026-04-06-05', 'DOWNSTREAM'],
    ['exampleton/resolution:exampleton-csc-2026-04-06-07', 'DOWNSTREAM'],
    [REVIEW, 'UPSTREAM'],
    [REVIEW, 'DOWNSTREAM'],
    [EXEMPT_ITEM, 'DOWNSTREAM'],
    [EXEMPT_ITEM, 'UPSTREAM'],
    [MANAGER, 'DOWNSTREAM'],
    ['exampleton/meeting:exampleton-csc-2026-10-12', 'UPSTREAM'],
  ])('trace and chains from %s (%s) stop, for an anonymous caller, where the public record stops', async (from, direction) => {
    await anonymousSeesOnlyThePublicPart(TRACE, { from, direction });
    await anonymousSeesOnlyThePublicPart(CHAINS, { from, direction });
    // Limited to the dataset: the walk's own scoped reads.
    await anonymousSeesOnlyThePublicPart(TRACE, { from, direction, dataset: DATASET });
    await anonymousSeesOnlyThePublicPart(CHAINS, { from, direction, dataset: DATASET });
  });

  it('end the review\'s chain with a neutral gap for an anonymous caller, and carry it through the restricted progress for an officer', async () => {
    const from = 'exampleton/resolution:exampleton-csc-2026-04-06-06';
    const anonymous = await run(full, ANONYMOUS, CHAINS, { from });
    const anonymousChain = (anonymous.data!.deliveryChains as { chains: Array<{ steps: Array<{ node: { id: string } }>; gap: { stage: string; reason: string } | null }> }).chains[0]!;
    expect(anonymousChain.steps.at(-1)!.node.id).toBe(REVIEW);
    expect(anonymousChain.gap).toMatchObject({ stage: 'PROGRESS' });
    const asOfficer = await officer(CHAINS, { from });
    const officerSteps = (asOfficer.data!.deliveryChains as { chains: Array<{ steps: Array<{ node: { id: string }; context: Array<{ node: { id: string } }> }> }> }).chains[0]!.steps;
    expect(officerSteps.map((s) => s.node.id)).toEqual([from, REVIEW, PROGRESS, EXEMPT_ITEM]);
    expect(officerSteps[1]!.context.map((c) => c.node.id)).toEqual([MANAGER]);
    const trace = await officer(TRACE, { from });
    expect((trace.data!.trace as { paths: string[][] }).paths).toContainEqual([from, REVIEW, PROGRESS, EXEMPT_ITEM, 'exampleton/meeting:exampleton-csc-2026-10-12']);
  });

  it('refuse an anonymous trace from a restricted node as from an unknown one, and let an officer start there', async () => {
    for (const id of RESTRICTED_IDS) {
      const result = await anonymousSeesOnlyThePublicPart(TRACE, { from: id });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
      await anonymousSeesOnlyThePublicPart(CHAINS, { from: id });
    }
    const upstream = await officer(TRACE, { from: PROGRESS, direction: 'UPSTREAM' });
    expect((upstream.data!.trace as { nodes: Array<{ id: string }> }).nodes.map((n) => n.id)).toContain(REVIEW);
  });
});

describe('relationship fields', () => {
  const ITEM = `query($id: ID!) { node(id: $id) { ... on AgendaItem { exemptInformation documents { id label } presenters { id } reported { id label } decisions { id }
    relationships { type from { id } to { id } } meeting { id items { id } } } } }`;
  const OPERATION = `query($id: ID!) { node(id: $id) { ... on Operation { leads { lead { id label } role } progress { id label text } takesUp { id } relationships { type from { id } to { id } }
    partners { id } } } }`;
  const POST = `query($id: ID!) { node(id: $id) { ... on Post { leads { id label } holders { person { id } } organisation { id }
    relationships(direction: INCOMING) { type from { id } } } } }`;
  const DOCUMENT = `query($id: ID!) { node(id: $id) { ... on Document { authors { id } parts { id } referencedBy { id } } } }`;

  it('show an anonymous caller only public links, of public nodes beside restricted ones', async () => {
    const item = await anonymousSeesOnlyThePublicPart(ITEM, { id: EXEMPT_ITEM });
    expect(item.data!.node).toMatchObject({ exemptInformation: true, documents: [], reported: [], relationships: [{ type: 'ITEM_OF' }] });
    const review = await anonymousSeesOnlyThePublicPart(OPERATION, { id: REVIEW });
    expect(review.data!.node).toMatchObject({ leads: [], progress: [] });
    await anonymousSeesOnlyThePublicPart(POST, { id: MANAGER });
    await anonymousSeesOnlyThePublicPart(DOCUMENT, { id: 'exampleton/document:exampleton-csc-2026-10-12-agenda' });
    await anonymousSeesOnlyThePublicPart(ITEM, { id: 'exampleton/agenda-item:exampleton-csc-2026-10-12-02' });
  });

  it('show an officer the restricted links too', async () => {
    const item = await officer(ITEM, { id: EXEMPT_ITEM });
    expect(item.data!.node).toMatchObject({ documents: [{ id: REPORT }], reported: [{ id: PROGRESS }] });
    const review = await officer(OPERATION, { id: REVIEW });
    expect(review.data!.node).toMatchObject({ leads: [{ lead: { id: MANAGER } }], progress: [{ id: PROGRESS }] });
    const report = await officer(DOCUMENT, { id: REPORT });
    expect(report.data!.node).toMatchObject({ authors: [{ id: PERSON }] });
  });
});

describe('tracker, suggestions and datasets', () => {
  const TRACKER = `{ tracker(first: 50) { totalCount rows { number text delivery lastActivity takenUpBy { id label } leads { id label }
    latestProgress { asAt status text } reportedAt { id label } gaps { stage reason } } pageInfo { hasNextPage endCursor } } }`;
  const SUGGESTIONS = `query($id: ID!) { node(id: $id) { ... on Resolution { delivery suggestedEvidence(first: 5) { rank score matchingWords node { id label } } } } }`;

  it('give an anonymous caller the tracker of the public record', async () => {
    await anonymousSeesOnlyThePublicPart(TRACKER);
    // A row a page, both ways, filtered by meeting and body, and limited to the dataset.
    const PAGED = `query($first: Int, $after: String, $last: Int, $before: String, $filter: TrackerFilter, $dataset: String) {
      tracker(first: $first, after: $after, last: $last, before: $before, filter: $filter, dataset: $dataset) {
        totalCount edges { cursor node { number text delivery latestProgress { text } takenUpBy { id } leads { id } reportedAt { id } } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    for (const filter of [null, { meeting: 'exampleton/meeting:exampleton-csc-2026-04-06' }, { body: 'exampleton/organisation:exampleton-borough-council' }, { delivery: ['NOT_RECORDED'] }]) {
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const result = await anonymousSeesOnlyThePublicPart(PAGED, { first: 1, after: cursor, filter, dataset: DATASET });
        const info = (result.data!.tracker as { pageInfo: { hasNextPage: boolean; endCursor: string | null } }).pageInfo;
        if (!info.hasNextPage) break;
        cursor = info.endCursor;
      }
      await anonymousSeesOnlyThePublicPart(PAGED, { last: 1, filter });
    }
    const asOfficer = await officer(TRACKER);
    const review = (asOfficer.data!.tracker as { rows: Array<{ number: string; latestProgress: { text: string } | null; leads: Array<{ id: string }> }> }).rows.find((r) => r.number === '06')!;
    expect(review.latestProgress?.text).toContain('three bids were received');
    expect(review.leads.map((l) => l.id)).toEqual([MANAGER]);
  });

  it('never suggest restricted evidence to an anonymous caller, and suggest it to an officer', async () => {
    const id = 'exampleton/resolution:exampleton-csc-2026-04-06-07';
    const anonymous = await anonymousSeesOnlyThePublicPart(SUGGESTIONS, { id });
    expect(anonymous.data!.node).toMatchObject({ delivery: 'NOT_RECORDED' });
    const asOfficer = await officer(SUGGESTIONS, { id });
    expect((asOfficer.data!.node as { suggestedEvidence: Array<{ node: { id: string } }> }).suggestedEvidence.map((s) => s.node.id)).toContain(PROGRESS);
  });

  it('describe, for an anonymous caller, a node\'s dataset by its public part', async () => {
    const DATASET_OF = `query($id: ID!) { node(id: $id) { displayName dataset { name version nodeCount edgeCount nodeCounts { type count } } } }`;
    for (const id of [REVIEW, EXEMPT_ITEM, MANAGER]) await anonymousSeesOnlyThePublicPart(DATASET_OF, { id });
    const asOfficer = await officer(DATASET_OF, { id: REVIEW });
    expect((asOfficer.data!.node as { dataset: { nodeCount: number } }).dataset.nodeCount).toBe(graph.nodes.length);
  });

  it('count, for an anonymous caller, the public part of a dataset only', async () => {
    const perType = await anonymousSeesOnlyThePublicPart(`{ datasets { name nodeCount edgeCount nodeCounts { type count } } }`);
    expect((perType.data!.datasets as Array<{ nodeCounts: Array<{ type: string; count: number }> }>)[0]!.nodeCounts).toContainEqual({ type: 'PROGRESS_UPDATE', count: 1 });
    const perTypeOfficer = await officer(`{ datasets { nodeCounts { type count } } }`);
    expect((perTypeOfficer.data!.datasets as Array<{ nodeCounts: Array<{ type: string; count: number }> }>)[0]!.nodeCounts).toContainEqual({ type: 'PROGRESS_UPDATE', count: 2 });
    const result = await anonymousSeesOnlyThePublicPart(`{ datasets { name version nodeCount edgeCount } }`);
    const publicGraph = publicPart(graph);
    expect(result.data!.datasets).toEqual([{ name: DATASET, version: expect.any(String), nodeCount: publicGraph.nodes.length, edgeCount: publicGraph.edges.length }]);
    const asOfficer = await officer(`{ datasets { name version nodeCount edgeCount } }`);
    expect(asOfficer.data!.datasets).toEqual([{ name: DATASET, version: expect.any(String), nodeCount: graph.nodes.length, edgeCount: graph.edges.length }]);
    expect((asOfficer.data!.datasets as Array<{ version: string }>)[0]!.version).not.toBe((result.data!.datasets as Array<{ version: string }>)[0]!.version);
  });
});

describe('HTTP caching', () => {
  /** A GET of `query` as the HTTP front hands it to Apollo; the ETag and Cache-Control it is answered with. */
  async function cachedGet(store: DynamoGraphStore, viewer: Viewer, query: string, authorization?: string) {
    const headers = new HeaderMap([['apollo-require-preflight', 'true'], ...(authorization ? [['authorization', authorization] as [string, string]] : [])]);
    const http = { method: 'GET', headers, search: `?${new URLSearchParams({ query })}`, body: undefined };
    const response = await server.executeOperation({ query, http }, { contextValue: createRequestContext(store, 'leak-suite', viewer) });
    return { etag: response.http.headers.get('etag'), cacheControl: response.http.headers.get('cache-control') };
  }

  it("gives an anonymous GET the same ETag whether or not restricted content is loaded, since it derives from the public part's versions", async () => {
    const query = `{ node(id: "${REVIEW}") { id label } }`;
    const [fromFull, fromPublic] = await Promise.all([cachedGet(full, ANONYMOUS, query), cachedGet(publicOnly, ANONYMOUS, query)]);
    expect(fromFull).toEqual({ etag: expect.stringMatching(/^W\/"/), cacheControl: 'public, max-age=60' });
    expect(fromFull).toEqual(fromPublic);
    // An officer's request carries credentials: never stored, no validator to compare.
    expect(await cachedGet(full, OFFICER, query, 'Bearer fictional-officer-token')).toEqual({ etag: undefined, cacheControl: 'private, no-store' });
  });
});

describe('exports', () => {
  async function exportOf(store: DynamoGraphStore, viewer: Viewer) {
    const dir = await mkdtemp(path.join(tmpdir(), 'leak-export-'));
    try {
      const manifest = await exportTable(doc, store.tableName, dir, { viewer, datasetName: DATASET, scan: { segments: 2 } });
      const files = new Map<string, string>();
      for (const name of (await readdir(dir)).sort()) if (name !== 'manifest.json') files.set(name, await readFile(path.join(dir, name), 'utf8'));
      return { manifest, files };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('write for the public the same files as from the public part alone, and count what was withheld', async () => {
    const [fromFull, fromPublic] = await Promise.all([exportOf(full, ANONYMOUS), exportOf(publicOnly, ANONYMOUS)]);
    expect(fromFull.files).toEqual(fromPublic.files);
    expectNoRestrictedContent([...fromFull.files.values()]);
    // Alike but for when each was made and loaded, and what was withheld.
    const made = (manifest: ExportManifest) => ({ ...manifest, exportedAt: '', datasets: manifest.datasets.map((d) => ({ ...d, loadedAt: '' })) });
    expect({ ...made(fromFull.manifest), withheld: 0, withheldEdges: 0 }).toEqual(made(fromPublic.manifest));
    const restrictedEdges = graph.edges.filter((e) => e.restriction).length;
    expect([fromFull.manifest.withheld, fromFull.manifest.withheldEdges]).toEqual([RESTRICTED_IDS.length, restrictedEdges]);
    expect([fromPublic.manifest.withheld, fromPublic.manifest.withheldEdges]).toEqual([0, 0]);
    // The dataset version the manifest names is the public part's, as `datasets` gives it.
    const listed = await run(full, ANONYMOUS, `{ datasets { name version } }`);
    expect(fromFull.manifest.datasets).toEqual([expect.objectContaining({ name: DATASET, version: (listed.data!.datasets as Array<{ version: string }>)[0]!.version })]);
  });

  it('publish, on the schedule, the public set at the top and the full set only under restricted/', async () => {
    const s3 = await startS3StandIn();
    try {
      const common = { db: doc, s3: createS3Client({ endpoint: s3.endpoint, forcePathStyle: true }), tableName: full.tableName, bucket: 'leak-exports', datasetName: DATASET, now: new Date('2026-12-01T02:00:00Z') };
      const publicSet = await runScheduledExport({ ...common, viewer: ANONYMOUS, root: EXPORT_ROOTS.public });
      const fullSet = await runScheduledExport({ ...common, viewer: signedInViewer('scheduled-export', ['officer']), root: EXPORT_ROOTS.restricted });
      const bodies = (keys: string[]) => keys.map((key) => s3.objects.find((o) => o.key === key)!.body.toString('utf8'));
      expect(publicSet.keys.every((key) => !key.startsWith(EXPORT_ROOTS.restricted))).toBe(true);
      expectNoRestrictedContent(bodies(publicSet.keys));
      const publicManifest = JSON.parse(bodies([`${publicSet.prefix}manifest.json`])[0]!) as { withheld: number; withheldEdges: number };
      expect([publicManifest.withheld, publicManifest.withheldEdges]).toEqual([RESTRICTED_IDS.length, graph.edges.filter((e) => e.restriction).length]);
      expect(fullSet.keys.every((key) => key.startsWith(EXPORT_ROOTS.restricted))).toBe(true);
      expect(bodies(fullSet.keys).join('\n')).toContain(PERSON);
      expect(fullSet.counts.totalNodes).toBe(graph.nodes.length);
    } finally {
      await s3.close();
    }
  });

  it('read everything for an officer\'s export', async () => {
    const { files, manifest } = await exportOf(full, OFFICER);
    expect(manifest.counts.totalNodes).toBe(graph.nodes.length);
    expect(manifest.counts.totalEdges).toBe(graph.edges.length);
    expect(manifest.withheld).toBe(0);
    expect(files.get('nodes-person.csv')).toContain(PERSON);
  });
});
