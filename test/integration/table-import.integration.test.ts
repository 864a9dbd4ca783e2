/**
 * importGraph and exportTable on the embedded engine, with small graphs of fictional nodes
 * (every name here is invented): the name and version an import records, what it writes
 * into an empty table, a half-imported one or one of an older version, what it refuses
 * before any write, and what an export says of the datasets and rule it was run with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Viewer } from '../../functions/core/access.js';
import type { Graph, GraphEdge, GraphNode } from '../../functions/core/dataset.js';
import { memorySink } from '../../functions/core/export/io.js';
import type { ImportedGraph } from '../../functions/core/export/jsonld-import.js';
import type { ExportedDatasetInfo } from '../../functions/core/export/jsonld.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { graphVersion } from '../../functions/storage/dataset-loader.js';
import { datasetKey } from '../../functions/storage/keys.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { exportTable } from '../../functions/storage/table-export.js';
import { importGraph } from '../../functions/storage/table-import.js';

let engine: LocalEngine;
const doc = () => createTableClient({ endpoint: engine.endpoint });
let tables = 0;
/** A fresh, empty table for each test. */
async function newTable(): Promise<string> {
  const name = `import-${++tables}`;
  await ensureTable(createDynamoDbClient({ endpoint: engine.endpoint }), name);
  return name;
}

beforeAll(async () => {
  engine = await startLocalEngine();
}, 60_000);

afterAll(async () => {
  await engine?.close();
});

const OFFICER: Viewer = { role: 'officer', subject: 'fictional-officer' };
const cite = { document: 'fictional/document:minutes', quote: 'An invented sentence.', lines: [1, 1] as [number, number] };
const person = (slug: string, dataset?: string): GraphNode => ({ id: `fictional/person:${slug}`, type: 'Person', label: `${slug} (fictional)`, props: {}, sources: [cite], ...(dataset ? { dataset } : {}) });
const committee = (dataset?: string): GraphNode => ({
  id: 'fictional/organisation:committee',
  type: 'Organisation',
  label: 'Fictional Committee',
  props: {},
  sources: [cite],
  ...(dataset ? { dataset } : {}),
});
const member = (from: GraphNode, to: GraphNode, dataset?: string): GraphEdge => ({ from: from.id, type: 'MEMBER_OF', to: to.id, props: { basis: 'stated' }, sources: [cite], ...(dataset ? { dataset } : {}) });

const ada = person('ada');
const bo = person('bo');
const org = committee();
const file = (graph: Graph, datasets: ExportedDatasetInfo[] = []): ImportedGraph => ({ graph, datasets, ...(datasets[0] ? { dataset: datasets[0] } : {}) });
const versionOf = async (table: string, name: string) => (await new DynamoGraphStore(doc(), table).listDatasets(OFFICER)).find((d) => d.name === name)?.version;

describe('importGraph names and versions', () => {
  it('records a file of no dataset as "imported", versioned by a hash of its content', async () => {
    const table = await newTable();
    const graph = { nodes: [ada, org], edges: [member(ada, org)] };
    const result = await importGraph(doc(), table, file(graph));
    const version = graphVersion(graph);
    expect(result).toStrictEqual({ dataset: 'imported', version, written: true, items: 4, nodes: 2, edges: 1, datasets: [{ name: 'imported', version, nodes: 2, edges: 1 }] });
    expect(await versionOf(table, 'imported')).toBe(version);
  });

  it('records an empty file as an empty dataset', async () => {
    const table = await newTable();
    const result = await importGraph(doc(), table, file({ nodes: [], edges: [] }), { datasetName: 'fictional-empty' });
    expect([result.dataset, result.items, result.datasets.map((d) => d.name)]).toEqual(['fictional-empty', 0, ['fictional-empty']]);
  });

  it('renames a file of one dataset, keeping its recorded version and facts, or records the version given', async () => {
    const info: ExportedDatasetInfo = { name: 'fictional-a', version: 'v-file', title: 'Fictional A', fictional: false };
    const renamed = await newTable();
    const result = await importGraph(doc(), renamed, file({ nodes: [ada], edges: [] }, [info]), { datasetName: 'fictional-renamed' });
    expect([result.dataset, result.version]).toEqual(['fictional-renamed', 'v-file']);
    const [record] = await new DynamoGraphStore(doc(), renamed).listDatasets(OFFICER);
    expect(record).toMatchObject({ name: 'fictional-renamed', version: 'v-file', title: 'Fictional A', fictional: false });

    // Items read from a file carry their dataset's name: renaming the dataset moves them with it.
    const tagged = await newTable();
    const taggedResult = await importGraph(doc(), tagged, file({ nodes: [person('ada', 'fictional-a'), committee('fictional-a')], edges: [member(ada, org, 'fictional-a')] }, [info]), { datasetName: 'fictional-renamed' });
    expect(taggedResult.datasets).toEqual([{ name: 'fictional-renamed', version: 'v-file', nodes: 2, edges: 1 }]);
    expect((await new DynamoGraphStore(doc(), tagged).listDatasets(OFFICER)).map((d) => d.name)).toEqual(['fictional-renamed']);

    const versioned = await newTable();
    expect((await importGraph(doc(), versioned, file({ nodes: [ada], edges: [] }, [info]), { version: 'v-given' })).version).toBe('v-given');
    expect(await versionOf(versioned, 'fictional-a')).toBe('v-given');

    const bare = await newTable();
    await importGraph(doc(), bare, file({ nodes: [ada], edges: [] }, [{ name: 'fictional-bare', version: 'v1' }]));
    const [bareRecord] = await new DynamoGraphStore(doc(), bare).listDatasets(OFFICER);
    expect(['title' in bareRecord!, 'fictional' in bareRecord!]).toEqual([false, false]);
  });

  it('refuses a name or a version for a file of several datasets, naming them, before any write', async () => {
    const table = await newTable();
    const several = file({ nodes: [person('ada', 'fictional-a'), person('bo', 'fictional-b')], edges: [] }, [
      { name: 'fictional-a', version: 'v1' },
      { name: 'fictional-b', version: 'v2' },
    ]);
    const message = 'The file holds 2 datasets (fictional-a, fictional-b); a dataset name or version can be given only for a file of one.';
    await expect(importGraph(doc(), table, several, { version: 'v9' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message });
    await expect(importGraph(doc(), table, several, { datasetName: 'x' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message });
    expect(await new DynamoGraphStore(doc(), table).listDatasets(OFFICER)).toEqual([]);
    const result = await importGraph(doc(), table, several);
    expect(result.datasets).toEqual([
      { name: 'fictional-a', version: 'v1', nodes: 1, edges: 0 },
      { name: 'fictional-b', version: 'v2', nodes: 1, edges: 0 },
    ]);
  });
});

describe('importGraph into a table that already holds some of the graph', () => {
  it('writes only what is missing: a node, or only an edge', async () => {
    const table = await newTable();
    const info = [{ name: 'fictional-a', version: 'v1' }];
    await importGraph(doc(), table, file({ nodes: [ada, org], edges: [] }, info));
    const withBo = await importGraph(doc(), table, file({ nodes: [ada, bo, org], edges: [] }, info));
    expect([withBo.written, withBo.items]).toEqual([true, 1]);
    const withEdge = await importGraph(doc(), table, file({ nodes: [ada, bo, org], edges: [member(ada, org)] }, info));
    expect([withEdge.written, withEdge.items]).toEqual([true, 2]);
    const again = await importGraph(doc(), table, file({ nodes: [ada, bo, org], edges: [member(ada, org)] }, info));
    expect([again.written, again.items, again.version]).toEqual([false, 0, 'v1']);
    // The table already holds this very graph: the version it recorded stands, whatever version is asked.
    const asked = await importGraph(doc(), table, file({ nodes: [ada, bo, org], edges: [member(ada, org)] }, info), { version: 'v9' });
    expect([asked.written, asked.version, asked.datasets]).toEqual([false, 'v1', [{ name: 'fictional-a', version: 'v1', nodes: 3, edges: 1 }]]);
  });

  it('finishes an import that stopped before recording its dataset, writing only what is missing', async () => {
    const table = await newTable();
    await importGraph(doc(), table, file({ nodes: [ada, org], edges: [member(ada, org)] }, [{ name: 'fictional-a', version: 'v1' }]));
    // As if the first import had stopped after its items and before its dataset record.
    await doc().delete({ TableName: table, Key: datasetKey('fictional-a') });
    const result = await importGraph(doc(), table, file({ nodes: [ada, bo, org], edges: [member(ada, org)] }, [{ name: 'fictional-a', version: 'v1' }]));
    expect([result.written, result.items, result.version]).toEqual([true, 1, 'v1']);
    expect(await versionOf(table, 'fictional-a')).toBe('v1');
  });

  it('rewrites every item of a dataset whose recorded version differs', async () => {
    const table = await newTable();
    await importGraph(doc(), table, file({ nodes: [ada, org], edges: [member(ada, org)] }, [{ name: 'fictional-a', version: 'v1' }]));
    const result = await importGraph(doc(), table, file({ nodes: [ada, bo, org], edges: [member(ada, org)] }, [{ name: 'fictional-a', version: 'v2' }]));
    expect([result.written, result.items, result.version]).toEqual([true, 5, 'v2']);
    expect(await versionOf(table, 'fictional-a')).toBe('v2');
  });

  it('refuses a table holding anything else, naming five of the items and counting all, with nothing written', async () => {
    const table = await newTable();
    const others = ['c', 'd', 'e', 'f', 'g', 'h'].map((slug) => person(slug));
    await importGraph(doc(), table, file({ nodes: [{ ...ada, label: 'Ada, as first written (fictional)' }, org, ...others], edges: [member(ada, org)] }, [{ name: 'fictional-a', version: 'v1' }]));
    await doc().put({ TableName: table, Item: { pk: 'FICTIONAL#stray', sk: 'x' } });
    const differentEdge = { ...member(ada, org), props: { basis: 'stated' as const, role: 'Chair' } };
    let message = '';
    try {
      await importGraph(doc(), table, file({ nodes: [ada, org], edges: [differentEdge] }, [{ name: 'fictional-b', version: 'v1' }]));
    } catch (error) {
      expect(error).toMatchObject({ code: 'CONFLICT' });
      message = (error as Error).message;
    }
    const [head, examples] = /^Table "import-\d+" already holds (\d+) item\(s\) that are not in this file, e\.g\. (.*)\. Nothing was written\. Import into an empty table \(set TABLE_NAME to a new name\) or empty this one first\.$/.exec(message)?.slice(1) ?? [];
    // Ada and the committee (different content, or held by another dataset), six other people, the edge, fictional-a's record, the stray item.
    expect(head).toBe('11');
    const listed = examples!.split('; ');
    expect(listed).toHaveLength(5);
    expect(new Set(listed).size).toBe(5);
    const every = [
      'node fictional/person:ada (different content)',
      'node fictional/organisation:committee (different content)',
      ...others.map((p) => `node ${p.id}`),
      'edge fictional/person:ada -MEMBER_OF-> fictional/organisation:committee (different content)',
      'dataset record "fictional-a"',
      'item FICTIONAL#stray / x',
    ];
    for (const example of listed) expect(every).toContain(example);
    expect(await versionOf(table, 'fictional-b')).toBeUndefined();
  });

  it('names each kind of item it will not overwrite', async () => {
    const kinds: Array<[(table: string) => Promise<void>, string]> = [
      [async (table) => void (await importGraph(doc(), table, file({ nodes: [{ ...ada, label: 'Other (fictional)' }], edges: [] }))), 'node fictional/person:ada (different content)'],
      [async (table) => void (await importGraph(doc(), table, file({ nodes: [bo], edges: [] }))), 'node fictional/person:bo'],
      [async (table) => void (await importGraph(doc(), table, file({ nodes: [ada, org], edges: [{ ...member(ada, org), props: { basis: 'stated', role: 'Chair' } }] }))), 'edge fictional/person:ada -MEMBER_OF-> fictional/organisation:committee (different content)'],
      [async (table) => void (await importGraph(doc(), table, file({ nodes: [ada, org], edges: [member(org, ada)] }))), 'edge fictional/organisation:committee -MEMBER_OF-> fictional/person:ada'],
      [async (table) => void (await doc().put({ TableName: table, Item: { pk: 'FICTIONAL#stray', sk: 'y' } })), 'item FICTIONAL#stray / y'],
      [async (table) => void (await importGraph(doc(), table, file({ nodes: [], edges: [] }), { datasetName: 'fictional-other' })), 'dataset record "fictional-other"'],
    ];
    for (const [setUp, named] of kinds) {
      const table = await newTable();
      await setUp(table);
      await expect(importGraph(doc(), table, file({ nodes: [ada, org], edges: [member(ada, org)] }), { datasetName: 'imported' })).rejects.toThrow(`, e.g. ${named}. Nothing was written.`);
    }
  });
});

describe('exportTable', () => {
  async function exported(table: string, options: Omit<Parameters<typeof exportTable>[3], 'viewer'> & { viewer?: Viewer } = {}) {
    const sink = memorySink();
    const manifest = await exportTable(doc(), table, sink, { viewer: ANONYMOUS, ...options });
    return { manifest, sink };
  }

  it(`names the rule it withheld by: nothing more for an officer, restricted items for the public, the caller's own where given`, async () => {
    const table = await newTable();
    await importGraph(doc(), table, file({ nodes: [ada, org], edges: [member(ada, org)] }, [{ name: 'fictional-a', version: 'v1', title: 'Fictional A' }]));
    expect((await exported(table, { viewer: OFFICER })).manifest.filters.visibilityRule).toBe('nothing is withheld: an export for officers, restricted items included');
    expect((await exported(table)).manifest.filters.visibilityRule).toBe('restricted nodes and edges are withheld, with every edge that touches a withheld node');
    expect((await exported(table, { viewer: OFFICER, filter: { visibility: () => true } })).manifest.filters.visibilityRule).toBe('custom rule supplied by the caller');
    const people = await exported(table, { filter: { includeTypes: ['Person'] } });
    expect([people.manifest.filters.includeTypes, people.manifest.counts.totalNodes, people.manifest.excluded]).toEqual([['Person'], 1, { nodes: 1, edges: 1 }]);
  });

  it('keeps what the table records of the dataset named for untagged items', async () => {
    const table = await newTable();
    await importGraph(doc(), table, file({ nodes: [person('ada', 'fictional-a'), person('bo', 'fictional-b')], edges: [] }, [
      { name: 'fictional-a', version: 'v1', title: 'Fictional A' },
      { name: 'fictional-b', version: 'v2', title: 'Fictional B' },
    ]));
    const { manifest } = await exported(table, { datasetName: 'fictional-b' });
    expect(manifest.datasets.map(({ name, version, title }) => ({ name, version, title }))).toEqual([
      { name: 'fictional-a', version: 'v1', title: 'Fictional A' },
      { name: 'fictional-b', version: 'v2', title: 'Fictional B' },
    ]);
    const unknown = await exported(table, { datasetName: 'fictional-unrecorded' });
    expect(unknown.manifest.datasets.map((d) => d.name)).toEqual(['fictional-a', 'fictional-b', 'fictional-unrecorded']);
  });
});
