/**
 * Guards on the curated Luton dataset: every quote is in the source at its locator,
 * every fact is cited, ids are readable, the worked example is there, and the counts
 * per type are pinned so a change cannot silently lose data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Graph, GraphEdge } from '../../functions/core/dataset.js';
import { ID_PATTERN } from '../../functions/core/model.js';
import { localIdOf, namespaceOf } from '../../functions/core/namespaces.js';
import { trace } from '../../functions/core/trace.js';
import { buildDatasetWithDependencies, mergeGraphs, PROJECT_ROOT, type BuiltDataset } from '../../functions/local/dataset-files.js';
import { readSourceText } from '../../functions/local/source-texts.js';
import { createMemoryReader } from '../fixtures/graph-builders.js';
import { CURATED_DATASET_DIR } from '../fixtures/local-graph.js';
import { EXPECTED_COMMITMENTS, EXPECTED_EDGE_COUNTS, EXPECTED_NODE_COUNTS, EXPECTED_UNDELIVERED } from '../fixtures/curated-counts.js';

const PACK = 'luton/document:luton-cdc-2020-03-02-agenda-pack';
/** The registry quotes the same pack, registered as its own Document (it depends on no council). */
const REGISTRY_PACK = 'registry/document:luton-cdc-2020-03-02-agenda-pack';

/** The bodies serving many councils that the pack names, kept in the registry rather than in Luton's namespace. */
const REGISTRY_BODIES = [
  'bedfordshire-fire-and-rescue', 'bedfordshire-police', 'bedfordshire-police-collaboration', 'bnch-community-rehabilitation-company',
  'cambridgeshire-police', 'hertfordshire-police', 'home-office', 'home-office-quality-assurance-panel',
  'ministry-of-housing-communities-and-local-government', 'national-probation-service', 'nhs', 'youth-justice-board',
].map((slug) => `registry/organisation:${slug}`);

/** Luton's graph with the registry it depends on, as the API serves them once both are loaded. */
let graph: Graph;
let datasets: BuiltDataset[];

beforeAll(async () => {
  datasets = await buildDatasetWithDependencies(CURATED_DATASET_DIR);
  graph = mergeGraphs(datasets);
});

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

const has = (edges: GraphEdge[], from: string, type: string, to: string) => edges.some((e) => e.from === from && e.type === type && e.to === to);

describe('the curated dataset', () => {
  it('quotes the source verbatim at every locator (checked here independently of the validator)', () => {
    // The pack as its Document names it (file and sha256), read from the sources search path.
    const document = graph.nodes.find((n) => n.id === PACK)!;
    expect(document.props).toMatchObject({ textFile: 'luton-crime-and-disorder-committee-2020-03-02.txt', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(document.props.path).toBeUndefined();
    const { text } = readSourceText({ document: PACK, file: String(document.props.textFile), sha256: String(document.props.sha256) }, { projectRoot: PROJECT_ROOT });
    const lines = text.split(/\r?\n/);
    const squash = (value: string) => value.replace(/\s+/g, ' ').trim();
    const misquoted: string[] = [];
    for (const { descriptor, graph: own } of datasets) {
      const pack = descriptor.namespace === 'registry' ? REGISTRY_PACK : PACK;
      for (const subject of [...own.nodes.map((n) => ({ id: n.id, sources: n.sources })), ...own.edges.map((e) => ({ id: `${e.from} ${e.type} ${e.to}`, sources: e.sources }))]) {
        for (const citation of subject.sources) {
          expect(citation.document).toBe(pack);
          const span = squash(lines.slice(citation.lines[0] - 1, citation.lines[1]).join(' '));
          if (!span.includes(squash(citation.quote))) misquoted.push(`${subject.id}: "${citation.quote}" at lines ${citation.lines.join('-')}`);
        }
      }
    }
    expect(misquoted).toEqual([]);
  });

  it('cites every node and every edge, with readable, stable ids', () => {
    expect(graph.nodes.filter((n) => n.sources.length === 0)).toEqual([]);
    expect(graph.edges.filter((e) => e.sources.length === 0)).toEqual([]);
    expect(graph.nodes.filter((n) => !ID_PATTERN.test(localIdOf(n.id)) || !['luton', 'registry'].includes(namespaceOf(n.id)!))).toEqual([]);
  });

  it('says when a link was inferred, and why', () => {
    const inferred = graph.edges.filter((e) => e.props.basis === 'inferred');
    expect(inferred.length).toBeGreaterThan(0);
    expect(inferred.filter((e) => !e.props.rationale)).toEqual([]);
  });

  it('holds at least 40 people and 55 organisations', () => {
    expect(graph.nodes.filter((n) => n.type === 'Person').length).toBeGreaterThanOrEqual(40);
    expect(graph.nodes.filter((n) => n.type === 'Organisation').length).toBeGreaterThanOrEqual(55);
  });

  it('records the posts of a person whose title changed between years, both true at once', () => {
    const posts = graph.edges.filter((e) => e.type === 'HOLDS' && e.from === 'luton/person:vicky-hawkes');
    expect(new Set(posts.map((e) => e.to)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(posts.map((e) => e.props.observedOn ?? e.props.validFrom)).size).toBeGreaterThanOrEqual(2);
  });

  it('numbers the 2019 resolutions as printed and holds the four recommendations to the CSP', () => {
    const ids = graph.nodes.map((n) => n.id);
    for (const clause of ['i', 'ii', 'iii', 'iv']) expect(ids).toContain(`luton/resolution:cdc-2019-03-05-09-${clause}`);
    for (const n of [1, 2, 3, 4]) expect(ids).toContain(`luton/recommendation:cdc-2019-03-05-11-${n}`);
    expect(graph.nodes.find((n) => n.id === 'luton/resolution:cdc-2019-03-05-09-iii')?.props.number).toBe('09(iii)');
    expect(graph.nodes.filter((n) => n.type === 'Action' && n.id.startsWith('luton/action:csp-business-plan-2019-20-'))).toHaveLength(13);
  });

  it('links the worked example: 09(iii) to action 13, its leads, Operation Octans in High Town and the 2020 report-back', () => {
    const { edges } = graph;
    expect(has(edges, 'luton/action:csp-business-plan-2019-20-13', 'TAKES_UP', 'luton/resolution:cdc-2019-03-05-09-iii')).toBe(true);
    expect(has(edges, 'luton/action:csp-business-plan-2019-20-13', 'LED_BY', 'luton/person:darren-turney')).toBe(true);
    expect(has(edges, 'luton/action:csp-business-plan-2019-20-13', 'LED_BY', 'luton/person:tara-lynch')).toBe(true);
    expect(has(edges, 'luton/operation:octans', 'DELIVERS', 'luton/action:csp-business-plan-2019-20-13')).toBe(true);
    expect(has(edges, 'luton/operation:octans', 'LOCATED_IN', 'luton/place:high-town')).toBe(true);
    expect(edges.some((e) => e.from === 'luton/meeting:high-town-jag-2019-12-19' && e.to === 'luton/operation:octans')).toBe(true);
    expect(edges.filter((e) => e.type === 'PART_OF' && e.to === 'luton/operation:octans' && e.from.startsWith('luton/priority:'))).toHaveLength(3);
    expect(graph.nodes.some((n) => n.id === 'luton/meeting:high-town-day-of-action-2020-03-04')).toBe(true);
    expect(edges.some((e) => e.type === 'REPORTED_AT' && e.to === 'luton/agenda-item:cdc-2020-03-02-08' && e.from.startsWith('luton/progress:csp-business-plan-2019-20-13'))).toBe(true);
  });

  it('traces the worked example to every progress update on action 13, each reported back, and names no gap', async () => {
    const { reader } = createMemoryReader(graph.nodes, graph.edges);
    const result = await trace(reader, 'luton/resolution:cdc-2019-03-05-09-iii');
    const progress = result.nodes.filter((n) => n.type === 'ProgressUpdate').map((n) => n.id);
    // Several updates were reported at the same agenda item, so most reach it when it is already visited.
    expect(progress.filter((id) => id.startsWith('luton/progress:csp-business-plan-2019-20-13')).length).toBeGreaterThanOrEqual(4);
    for (const id of progress) {
      expect(result.edges.some((e) => e.from === id && e.type === 'REPORTED_AT'), `${id} is reported back`).toBe(true);
    }
    expect(result.gaps).toEqual([]);
  });

  it('records no delivery for exactly the 2019 requests whose delivery the pack does not evidence', () => {
    const evidence = new Set(['TAKES_UP', 'PROGRESS_OF', 'REPORTED_AT']);
    const undelivered = graph.nodes
      .filter((n) => (n.type === 'Resolution' || n.type === 'Recommendation') && n.props.followUp === 'required' && n.id.includes('2019'))
      .filter((n) => !graph.edges.some((e) => evidence.has(e.type) && (e.to === n.id || (e.type === 'REPORTED_AT' && e.from === n.id))))
      .map((n) => n.id)
      .sort();
    expect(undelivered).toEqual(EXPECTED_UNDELIVERED);
  });

  it('says which progress statuses are printed and which are a curator\'s reading, and why', () => {
    const withStatus = graph.nodes.filter((n) => n.type === 'ProgressUpdate' && n.props.status);
    expect(withStatus.filter((n) => !n.props.statusBasis).map((n) => n.id)).toEqual([]);
    const inferred = withStatus.filter((n) => n.props.statusBasis === 'inferred');
    expect(inferred.filter((n) => !n.props.statusRationale)).toEqual([]);
    expect({ withStatus: withStatus.length, inferred: inferred.length }).toEqual({ withStatus: 31, inferred: 19 });
    // Printed "Completed." is stated; an unprinted "in progress" is not.
    expect(graph.nodes.find((n) => n.id === 'luton/progress:csp-business-plan-2019-20-9-2020-03')!.props.statusBasis).toBe('stated');
    expect(graph.nodes.find((n) => n.id === 'luton/progress:csp-business-plan-2019-20-13-2020-03')!.props.statusBasis).toBe('inferred');
  });

  it('holds the audited readings: inferred where the text does not say, no future event recorded as done', () => {
    const { edges } = graph;
    const edge = (from: string, type: string, to: string) => edges.find((e) => e.from === from && e.type === type && e.to === to);
    expect(edge('luton/resolution:cdc-2019-03-05-07-ii', 'ADDRESSED_TO', 'luton/organisation:luton-borough-council-neighbourhood-delivery')?.props.basis).toBe('inferred');
    expect(edges.filter((e) => e.from === 'luton/plan:bedfordshire-hate-crime-action-plan' && e.type === 'REPORTED_AT')).toEqual([]);
    expect(edge('luton/organisation:luton-community-safety-partnership', 'ATTENDED', 'luton/meeting:cdc-2020-03-02')).toBeUndefined();
    const superintendent = edge('luton/person:greg-horsford', 'HOLDS', 'luton/post:bedfordshire-police-superintendent')!;
    expect(superintendent.sources.filter((c) => c.lines[0] >= 1600)).toEqual([]);
    expect(graph.nodes.filter((n) => n.type === 'Priority' && /predominan/i.test(String(n.props.note ?? '')))).toEqual([]);
    expect(graph.nodes.filter((n) => n.type === 'Finding')).toHaveLength(4);
    expect(edges.filter((e) => e.from === 'luton/strategy:domestic-abuse-strategy-2020-23' && e.type === 'SUCCEEDS')).toEqual([]);
    expect(edges.filter((e) => e.type === 'VARIES' && e.from.includes('manor-road-park'))).toEqual([]);
    expect(edges.filter((e) => /curator/i.test(e.props.rationale ?? ''))).toEqual([]);
    for (const op of ['food-hub', 'garden-the-town', 'parks-external-funding-bids', 'green-skills-programmes', 'phoenix-knife-sculpture']) {
      expect(edges.filter((e) => e.from === `luton/operation:${op}` && e.type === 'CONTRIBUTES_TO').map((e) => e.to)).toEqual([]);
    }
  });

  it('holds the dated commitments: what, by when, where made, each cited', () => {
    const commitments = graph.nodes.filter((n) => n.type === 'Commitment');
    expect(commitments.map((n) => n.id).sort()).toEqual(EXPECTED_COMMITMENTS);
    for (const c of commitments) {
      expect(graph.edges.filter((e) => e.from === c.id && e.type === 'MADE_AT'), c.id).toHaveLength(1);
      expect(c.props.dueBy, c.id).toMatch(/^\d{4}/);
    }
    expect(commitments.find((n) => n.id === 'luton/commitment:cdc-2019-03-05-09-business-plan-completion')!.props).toMatchObject({ dueBy: '2019', dueText: 'before the end of this year 2019' });
    expect(commitments.find((n) => n.id === 'luton/commitment:cdc-2019-03-05-07-pspo-impact-evaluation')!.props).toMatchObject({ dueBy: '2019-09', dueText: 'by September 2019' });
  });

  it('loads the registry first and keeps in it exactly the bodies that serve many councils, with the links between them', () => {
    expect(datasets.map((d) => [d.descriptor.name, d.descriptor.namespace])).toEqual([['registry', 'registry'], ['luton-2020', 'luton']]);
    const [registry, luton] = datasets.map((d) => d.graph);
    expect(registry!.nodes.map((n) => n.id).sort()).toEqual([REGISTRY_PACK, ...REGISTRY_BODIES].sort());
    expect(registry!.edges.every((e) => namespaceOf(e.from) === 'registry' && namespaceOf(e.to) === 'registry')).toBe(true);
    expect(registry!.edges).toHaveLength(4);
    expect(luton!.nodes.every((n) => namespaceOf(n.id) === 'luton')).toBe(true);
    expect(luton!.nodes).toHaveLength(887);
    // Luton links to registry bodies (a person's post, a body attending a meeting); never between two of them.
    expect(luton!.edges.filter((e) => namespaceOf(e.from) !== 'luton' && namespaceOf(e.to) !== 'luton')).toEqual([]);
    expect(luton!.edges.filter((e) => namespaceOf(e.to) === 'registry' || namespaceOf(e.from) === 'registry').length).toBeGreaterThan(30);
  });

  it('keeps the pinned number of nodes and edges of every type', () => {
    expect(countBy(graph.nodes, (n) => n.type)).toEqual(EXPECTED_NODE_COUNTS);
    expect(countBy(graph.edges, (e) => e.type)).toEqual(EXPECTED_EDGE_COUNTS);
  });
});
