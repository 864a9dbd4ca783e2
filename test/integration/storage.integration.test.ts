/** The DynamoDB adapter and the dataset loader against the embedded engine over HTTP. */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraph, type Graph } from '../../functions/core/dataset.js';
import { InvalidDatasetError } from '../../functions/core/errors.js';
import { readDatasetFiles, readDocumentTexts } from '../../functions/local/dataset-files.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { startLocalStack } from '../../functions/local/stack.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDocumentClient, createDynamoDbClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore, nodeToItem } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { createNode } from '../fixtures/graph-builders.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';

let engine: LocalEngine;
let tableCount = 0;
const commands: string[] = [];

async function freshStore(wrap?: (doc: DynamoDBDocumentClient) => DynamoDBDocumentClient) {
  const client = createDynamoDbClient({ endpoint: engine.endpoint, onRequest: (c) => void commands.push(c) });
  const tableName = `graph-test-${++tableCount}`;
  await ensureTable(client, tableName);
  const doc = createDocumentClient(client);
  return { store: new DynamoGraphStore(wrap ? wrap(doc) : doc, tableName), doc, tableName };
}

async function miniGraph(): Promise<Graph> {
  const files = await readDatasetFiles(MINI_DATASET_DIR);
  return buildGraph(files, { documentTexts: await readDocumentTexts(files) });
}

beforeAll(async () => {
  engine = await startLocalEngine();
});

afterAll(async () => {
  await engine?.close();
});

describe('DynamoGraphStore.getNodes', () => {
  it('reads more than 100 ids in chunks and returns results aligned with the ids, null where absent', async () => {
    const { store } = await freshStore();
    const nodes = Array.from({ length: 230 }, (_, i) => createNode(`person:p-${String(i).padStart(3, '0')}`));
    await store.writeItems(nodes.map((n) => nodeToItem(n)));
    const ids = ['person:missing', ...nodes.map((n) => n.id).reverse(), 'person:p-007'];
    commands.length = 0;
    const result = await store.getNodes(ids);
    expect(result).toHaveLength(ids.length);
    expect(result[0]).toBeNull();
    expect(result.slice(1, -1).map((n) => n?.id)).toEqual(nodes.map((n) => n.id).reverse());
    expect(result.at(-1)?.id).toBe('person:p-007');
    expect(commands.filter((c) => c === 'BatchGetItemCommand')).toHaveLength(3);
  });

  it('retries unprocessed keys until every key is read', async () => {
    let throttled = 0;
    // The engine never throttles, so the first answer of each batch is cut short at the client boundary, as DynamoDB may do.
    const { store } = await freshStore((doc) => {
      const send = doc.send.bind(doc);
      return Object.assign(Object.create(doc), {
        send: async (command: { constructor: { name: string }; input: { RequestItems: Record<string, { Keys: unknown[] }> } }) => {
          const output = (await send(command as never)) as { Responses?: Record<string, unknown[]>; UnprocessedKeys?: Record<string, { Keys: unknown[] }> };
          if (command.constructor.name === 'BatchGetCommand' && throttled < 2) {
            throttled++;
            const [table, keys] = Object.entries(command.input.RequestItems)[0]!;
            const held = keys.Keys.slice(0, Math.ceil(keys.Keys.length / 2));
            const heldIds = new Set(held.map((k) => JSON.stringify(k)));
            output.Responses![table] = output.Responses![table]!.filter((item) => !heldIds.has(JSON.stringify({ pk: (item as { pk: string }).pk, sk: (item as { sk: string }).sk })));
            output.UnprocessedKeys = { [table]: { Keys: held } };
          }
          return output;
        },
      }) as DynamoDBDocumentClient;
    });
    const nodes = Array.from({ length: 40 }, (_, i) => createNode(`place:p-${i}`));
    await store.writeItems(nodes.map((n) => nodeToItem(n)));
    const result = await store.getNodes(nodes.map((n) => n.id));
    expect(throttled).toBe(2);
    expect(result.map((n) => n?.id)).toEqual(nodes.map((n) => n.id));
  });
});

describe('DynamoGraphStore.getEdges', () => {
  it('reads every page of a node\'s edges in both directions', async () => {
    const { store } = await freshStore();
    const graph = await miniGraph();
    await loadGraph(store, graph, 'mini');
    const out = await store.getEdges('action:csp-business-plan-2019-20-13', 'out');
    const incoming = await store.getEdges('action:csp-business-plan-2019-20-13', 'in');
    expect(out.map((e) => `${e.type} ${e.to}`).sort()).toEqual(['LED_BY person:darren-turney', 'LED_BY person:tara-lynch', 'TAKES_UP resolution:cdc-2019-03-05-09-iii']);
    expect(incoming.map((e) => `${e.type} ${e.from}`).sort()).toEqual(['DELIVERS operation:octans', 'PROGRESS_OF progress:csp-business-plan-2019-20-13-2020-03']);
    expect(out.find((e) => e.type === 'TAKES_UP')?.props).toMatchObject({ basis: 'inferred' });
  });
});

describe('loadGraph', () => {
  it('writes the dataset once; a second load of the same data writes nothing', async () => {
    const { store } = await freshStore();
    const graph = await miniGraph();
    const first = await loadGraph(store, graph, 'mini');
    expect(first).toMatchObject({ written: true, nodes: 15, edges: 14, removed: 0 });
    commands.length = 0;
    const second = await loadGraph(store, graph, 'mini');
    expect(second).toMatchObject({ written: false, version: first.version });
    expect(commands).toEqual(['GetItemCommand']);
  });

  it('removes what a new version of the dataset no longer holds', async () => {
    const { store, doc, tableName } = await freshStore();
    const graph = await miniGraph();
    await loadGraph(store, graph, 'mini');
    const smaller: Graph = { nodes: graph.nodes.filter((n) => n.id !== 'place:high-town'), edges: graph.edges.filter((e) => e.to !== 'place:high-town') };
    const result = await loadGraph(store, smaller, 'mini');
    expect(result).toMatchObject({ written: true, removed: 2 });
    expect(await store.getNodes(['place:high-town'])).toEqual([null]);
    const { Items } = await doc.send(new ScanCommand({ TableName: tableName }));
    expect(Items).toHaveLength(14 + 13 + 1);
  });

  it('refuses an invalid dataset and writes nothing to the table', async () => {
    const tableName = 'graph-invalid';
    const client = createDynamoDbClient({ endpoint: engine.endpoint });
    const invalidDir = new URL('../fixtures/invalid-dataset', import.meta.url).pathname;
    await expect(startLocalStack({ port: 0, endpoint: engine.endpoint, tableName, datasetDir: invalidDir })).rejects.toBeInstanceOf(InvalidDatasetError);
    const { Items } = await createDocumentClient(client).send(new ScanCommand({ TableName: tableName }));
    expect(Items).toEqual([]);
  });
});
