/**
 * Removing a dataset from a table of several (the fictional registry and two fictional
 * councils that depend on it): every item it wrote goes, with its count items, namespace
 * claim and record, and nothing of the other datasets changes; the API no longer lists,
 * counts, finds or serves it; a dataset others depend on, and a name no dataset has, are
 * refused before any write; an interrupted removal is finished by running it again, and a
 * removed dataset loads again as it was.
 */
import { scanTable } from '../fixtures/table-scan.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphServer, createRequestContext } from '../../functions/graphql/server.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { loadGraph, removeDataset } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import type { TableClient } from '../../functions/storage/table-client.js';
import { HARBOURSIDE, MILLBROOK, MILLBROOK_RECOMMENDATION, REGISTRY, harboursideGraph, millbrookGraph, registryGraph } from '../fixtures/fictional-councils.js';

let engine: LocalEngine;
let doc: TableClient;
let client: ReturnType<typeof createDynamoDbClient>;
const server = createGraphServer();

type Item = Record<string, unknown>;

const scanAll = (table: string): Promise<Item[]> => scanTable(doc, table);

/** Every item that names `dataset` anywhere: as its tag, its owner, its key, or in a count's key. */
const mentions = (items: Item[], dataset: string) => items.filter((item) => JSON.stringify(item).includes(dataset));
/** The items of other datasets, as comparable text (a record's load time and revision left out). */
const othersThan = (items: Item[], dataset: string) =>
  items
    .filter((item) => !JSON.stringify(item).includes(dataset))
    .map((item) => JSON.stringify(Object.fromEntries(Object.entries(item).filter(([key]) => key !== 'loadedAt' && key !== 'loadStartedAt').sort(([a], [b]) => a.localeCompare(b)))))
    .sort();

async function freshTable(name: string): Promise<DynamoGraphStore> {
  await ensureTable(client, name);
  const store = new DynamoGraphStore(doc, name);
  await loadGraph(store, registryGraph(), REGISTRY);
  await loadGraph(store, harboursideGraph(), HARBOURSIDE);
  await loadGraph(store, millbrookGraph(), MILLBROOK);
  return store;
}

async function ask(store: DynamoGraphStore, query: string) {
  const response = await server.executeOperation({ query }, { contextValue: createRequestContext(store) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return JSON.parse(JSON.stringify(response.body.singleResult)) as { data?: Record<string, unknown>; errors?: Array<{ extensions?: { code?: string } }> };
}

beforeAll(async () => {
  engine = await startLocalEngine();
  client = createDynamoDbClient({ endpoint: engine.endpoint });
  doc = createTableClient({ endpoint: engine.endpoint });
  await server.start();
}, 60_000);

afterAll(async () => {
  await server.stop();
  await engine?.close();
});

describe('removing a dataset', () => {
  it('deletes every item it wrote, its counts, namespace and record, and nothing of the others', async () => {
    const store = await freshTable('remove-one');
    const before = await scanAll('remove-one');
    const own = mentions(before, MILLBROOK.name);
    expect(own.length).toBeGreaterThan(20);
    const result = await removeDataset(store, MILLBROOK.name);
    const after = await scanAll('remove-one');
    // Nodes, edges and their index and search items; the record, counts and claim are not counted.
    const counted = own.filter((item) => item.ds === MILLBROOK.name && item.entity !== 'count');
    expect(result).toEqual({ dataset: MILLBROOK.name, removed: counted.length, namespaces: ['millbrook'] });
    expect(mentions(after, MILLBROOK.name)).toEqual([]);
    expect(after.filter((item) => typeof item.pk === 'string' && (item.pk as string).includes('millbrook/'))).toEqual([]);
    expect(othersThan(after, MILLBROOK.name)).toEqual(othersThan(before, MILLBROOK.name));
    expect(await store.getDatasetLoadState(MILLBROOK.name)).toBeNull();
    expect(await store.namespaceOwner('millbrook')).toBeNull();
  });

  it('leaves the API without it: not listed, counted, found or served', async () => {
    const store = await freshTable('remove-api');
    const QUERY = `{ datasets { name } nodes(type: PERSON) { totalCount } search(text: "eve pretend") { totalCount } }`;
    const before = await ask(store, QUERY);
    expect(before.data).toMatchObject({ datasets: [{ name: HARBOURSIDE.name }, { name: MILLBROOK.name }, { name: REGISTRY.name }], nodes: { totalCount: 5 }, search: { totalCount: 1 } });
    await removeDataset(store, MILLBROOK.name);
    const after = await ask(store, QUERY);
    expect(after.data).toEqual({ datasets: [{ name: HARBOURSIDE.name }, { name: REGISTRY.name }], nodes: { totalCount: 3 }, search: { totalCount: 0 } });
    const gone = await ask(store, `{ node(id: "${MILLBROOK_RECOMMENDATION}") { id } }`);
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses a dataset others depend on, and a name no dataset has, before any write', async () => {
    const store = await freshTable('remove-refused');
    const before = await scanAll('remove-refused');
    await expect(removeDataset(store, REGISTRY.name)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `Dataset "registry" cannot be removed while "${HARBOURSIDE.name}", "${MILLBROOK.name}" depend on it; remove those datasets first.`,
    });
    await expect(removeDataset(store, 'no-such-dataset')).rejects.toMatchObject({
      code: 'UNKNOWN_DATASET',
      message: `No dataset is named "no-such-dataset"; the loaded datasets are "${HARBOURSIDE.name}", "${MILLBROOK.name}", "registry" (the \`datasets\` query lists them).`,
    });
    expect(await scanAll('remove-refused')).toEqual(before);
    // With one dependant gone, the message names the other alone.
    await removeDataset(store, MILLBROOK.name);
    await expect(removeDataset(store, REGISTRY.name)).rejects.toThrow(`Dataset "registry" cannot be removed while "${HARBOURSIDE.name}" depends on it; remove that dataset first.`);
    await removeDataset(store, HARBOURSIDE.name);
    await removeDataset(store, REGISTRY.name);
    expect(await scanAll('remove-refused')).toEqual([]);
  });

  it('is finished by running it again after it stopped part-way, and the dataset then loads again as it was', async () => {
    const store = await freshTable('remove-interrupted');
    const loaded = mentions(await scanAll('remove-interrupted'), MILLBROOK.name).filter((item) => item.ds === MILLBROOK.name && item.entity !== 'count');
    // Stopped after marking the record and deleting some items.
    const state = (await store.getDatasetLoadState(MILLBROOK.name))!;
    await store.beginDatasetRemoval(MILLBROOK.name, state.rev);
    const keys = await store.datasetItemKeys(MILLBROOK.name);
    await store.deleteStaleItems(keys.slice(0, 5), MILLBROOK.name, '');
    expect((await ask(store, '{ datasets { name } }')).data).toEqual({ datasets: [{ name: HARBOURSIDE.name }, { name: REGISTRY.name }] });
    const finished = await removeDataset(store, MILLBROOK.name);
    expect(finished.removed).toBe(loaded.length - 5);
    expect(mentions(await scanAll('remove-interrupted'), MILLBROOK.name)).toEqual([]);
    // Stopped after everything but the record went: running it again takes the record, with nothing else to remove.
    const stopped = (await loadGraph(store, millbrookGraph(), MILLBROOK)) && (await store.getDatasetLoadState(MILLBROOK.name))!;
    const mark = await store.beginDatasetRemoval(MILLBROOK.name, stopped.rev);
    await store.deleteStaleItems(await store.datasetItemKeys(MILLBROOK.name), MILLBROOK.name, '');
    await store.replaceCounts(MILLBROOK.name, '', new Map());
    await store.releaseNamespaces(MILLBROOK.name);
    expect(mark).toBe(stopped.rev + 1);
    expect(await removeDataset(store, MILLBROOK.name)).toEqual({ dataset: MILLBROOK.name, removed: 0, namespaces: [] });
    expect(mentions(await scanAll('remove-interrupted'), MILLBROOK.name)).toEqual([]);

    const reloaded = await loadGraph(store, millbrookGraph(), MILLBROOK);
    expect(reloaded).toMatchObject({ written: true, removed: 0, interrupted: null });
    const again = mentions(await scanAll('remove-interrupted'), MILLBROOK.name).filter((item) => item.ds === MILLBROOK.name && item.entity !== 'count');
    expect(again.map((item) => `${item.pk as string} ${item.sk as string}`).sort()).toEqual(loaded.map((item) => `${item.pk as string} ${item.sk as string}`).sort());
  });

  it('refuses a load while a removal that began is unfinished, and stops a loader that was running from finishing', async () => {
    const store = await freshTable('remove-race');
    const state = (await store.getDatasetLoadState(MILLBROOK.name))!;
    const rev = await store.beginDatasetRemoval(MILLBROOK.name, state.rev);
    // A loader holding the revision it read before the removal began cannot finish, nor can a stale remover.
    await expect(store.finishDatasetLoad(MILLBROOK.name, { version: 'stale', nodes: 0, edges: 0 }, state.rev)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(store.deleteDatasetRecord(MILLBROOK.name, rev - 1)).rejects.toMatchObject({ code: 'CONFLICT' });
    const before = await scanAll('remove-race');
    await expect(loadGraph(store, millbrookGraph(), MILLBROOK)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `Dataset "${MILLBROOK.name}" is being removed, and a removal that has begun must finish first: run \`npm run remove:aws -- ${MILLBROOK.name}\` again, then load it.`,
    });
    expect(await scanAll('remove-race')).toEqual(before);
    await removeDataset(store, MILLBROOK.name);
    expect(await loadGraph(store, millbrookGraph(), MILLBROOK)).toMatchObject({ written: true, interrupted: null });
    expect((await ask(store, `{ node(id: "${MILLBROOK_RECOMMENDATION}") { id } }`)).data).toEqual({ node: { id: MILLBROOK_RECOMMENDATION } });
  });

  it('stops a first loader a removal overtook even when another load has since begun at the same revision', async () => {
    await ensureTable(client, 'remove-relaunched');
    const plain = new DynamoGraphStore(doc, 'remove-relaunched');
    await loadGraph(plain, registryGraph(), REGISTRY);
    let wroteB!: () => void;
    const bWrote = new Promise<void>((resolve) => (wroteB = resolve));
    let openB!: () => void;
    const bGate = new Promise<void>((resolve) => (openB = resolve));
    class LoaderB extends DynamoGraphStore {
      override async writeItems(items: Parameters<DynamoGraphStore['writeItems']>[0], concurrency?: number): Promise<void> {
        await super.writeItems(items, concurrency);
        wroteB();
        await bGate;
      }
    }
    let loadB: Promise<unknown> | undefined;
    class LoaderA extends DynamoGraphStore {
      override async writeItems(items: Parameters<DynamoGraphStore['writeItems']>[0], concurrency?: number): Promise<void> {
        await super.writeItems(items, concurrency);
        if (loadB) return; // its count items, should it get that far
        // While A's first load is between its writes and its clean-up: a whole removal, then B's first load, paused mid-way.
        await removeDataset(plain, MILLBROOK.name);
        // Settled either way at once, so a failure is the test's to report, not an unhandled rejection.
        loadB = loadGraph(new LoaderB(doc, 'remove-relaunched'), millbrookGraph(), MILLBROOK).then(
          (result) => result,
          (error: Error) => ({ failed: error.message }),
        );
        await bWrote;
      }
    }
    const changed = millbrookGraph();
    changed.nodes = changed.nodes.map((n) => (n.type === 'Person' ? { ...n, label: `${n.label} (changed)` } : n));
    await expect(loadGraph(new LoaderA(doc, 'remove-relaunched'), changed, MILLBROOK)).rejects.toMatchObject({ code: 'CONFLICT' });
    openB();
    expect(await loadB).toMatchObject({ dataset: MILLBROOK.name, written: true });
    // B's load is whole: the same items as a load into a table of its own.
    await freshTable('remove-relaunched-reference');
    const items = async (table: string) => mentions(await scanAll(table), MILLBROOK.name).filter((item) => item.entity !== 'dataset').map((item) => `${item.pk as string} ${item.sk as string} ${item.dsv as string}`).sort();
    expect(await items('remove-relaunched')).toEqual(await items('remove-relaunched-reference'));
    expect((await ask(plain, '{ datasets { name } }')).data).toEqual({ datasets: [{ name: MILLBROOK.name }, { name: REGISTRY.name }] });
  });

  it('makes a record of its own when none is there, so a first load cannot begin beside it, nor it beside one', async () => {
    await ensureTable(client, 'remove-first');
    const plain = new DynamoGraphStore(doc, 'remove-first');
    await loadGraph(plain, registryGraph(), REGISTRY);
    await plain.claimNamespace('millbrook', MILLBROOK.name);
    // A first load that read "no record" before the removal made one: refused.
    class LoadsAfterMarking extends DynamoGraphStore {
      override async beginDatasetRemoval(name: string, expectedRev: number | null): Promise<number> {
        const rev = await super.beginDatasetRemoval(name, expectedRev);
        await expect(loadGraph(plain, millbrookGraph(), MILLBROOK)).rejects.toMatchObject({ code: 'CONFLICT' });
        return rev;
      }
    }
    expect(await removeDataset(new LoadsAfterMarking(doc, 'remove-first'), MILLBROOK.name)).toEqual({ dataset: MILLBROOK.name, removed: 0, namespaces: ['millbrook'] });
    expect(mentions(await scanAll('remove-first'), MILLBROOK.name)).toEqual([]);
    // A removal that read "no record" before a first load made one: refused, and the load stands.
    class LoadsBeforeMarking extends DynamoGraphStore {
      override async beginDatasetRemoval(name: string, expectedRev: number | null): Promise<number> {
        await loadGraph(plain, millbrookGraph(), MILLBROOK);
        return super.beginDatasetRemoval(name, expectedRev);
      }
    }
    await expect(removeDataset(new LoadsBeforeMarking(doc, 'remove-first'), MILLBROOK.name)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await ask(plain, `{ node(id: "${MILLBROOK_RECOMMENDATION}") { id } }`)).data).toEqual({ node: { id: MILLBROOK_RECOMMENDATION } });
  });

  it('clears a namespace claim or count items left with no record, as a load that stopped before its record would leave them', async () => {
    await ensureTable(client, 'remove-orphans');
    const store = new DynamoGraphStore(doc, 'remove-orphans');
    await store.claimNamespace('millbrook', MILLBROOK.name);
    expect(await removeDataset(store, MILLBROOK.name)).toEqual({ dataset: MILLBROOK.name, removed: 0, namespaces: ['millbrook'] });
    await store.replaceCounts(MILLBROOK.name, 'fictional-version', new Map([['Person', { all: 2, public: 2, shards: 1 }]]));
    expect(await scanAll('remove-orphans')).toHaveLength(1);
    expect(await removeDataset(store, MILLBROOK.name)).toEqual({ dataset: MILLBROOK.name, removed: 0, namespaces: [] });
    expect(await scanAll('remove-orphans')).toEqual([]);
    await expect(removeDataset(store, MILLBROOK.name)).rejects.toMatchObject({ code: 'UNKNOWN_DATASET' });
  });

  it('reads the dataset index again until it lists nothing, so items it listed late go too', async () => {
    const store = await freshTable('remove-late');
    const own = mentions(await scanAll('remove-late'), MILLBROOK.name).filter((item) => item.ds === MILLBROOK.name && item.entity !== 'count');
    // An index that lists a third of the items at first, then the rest (as a lagging index might).
    let reads = 0;
    class LateIndexStore extends DynamoGraphStore {
      override async datasetItemKeys(dataset: string) {
        const keys = await super.datasetItemKeys(dataset);
        return reads++ === 0 ? keys.slice(0, Math.ceil(keys.length / 3)) : keys;
      }
    }
    const result = await removeDataset(new LateIndexStore(doc, 'remove-late'), MILLBROOK.name);
    expect(result.removed).toBe(own.length);
    expect(reads).toBe(3);
    expect(mentions(await scanAll('remove-late'), MILLBROOK.name)).toEqual([]);
  });

  it('stops with CONFLICT, keeping its record and mark, when the index still lists items after its last pass', async () => {
    const store = await freshTable('remove-stuck');
    // An index that keeps listing an item that is not there (deleting it is refused by its condition).
    class StuckIndexStore extends DynamoGraphStore {
      override async datasetItemKeys(dataset: string) {
        return [...(await super.datasetItemKeys(dataset)), { pk: 'N#millbrook/person:fictional-ghost', sk: '#NODE' }];
      }
    }
    await expect(removeDataset(new StuckIndexStore(doc, 'remove-stuck'), MILLBROOK.name)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `Dataset "${MILLBROOK.name}": the dataset index still lists 1 of its items after 10 passes; run the removal again.`,
    });
    expect(await store.getDatasetLoadState(MILLBROOK.name)).toMatchObject({ version: null, loading: 'removal' });
    expect(await removeDataset(store, MILLBROOK.name)).toMatchObject({ removed: 0, namespaces: ['millbrook'] });
  }, 20_000);

  it('takes what a loader wrote while it ran, and a loader it overtook stops before deleting or counting', async () => {
    const store = await freshTable('remove-overtaken');
    // A loader of a changed Millbrook whose writes finish just as a removal runs to the end.
    const remover = new DynamoGraphStore(doc, 'remove-overtaken');
    class OvertakenStore extends DynamoGraphStore {
      override async writeItems(items: Parameters<DynamoGraphStore['writeItems']>[0], concurrency?: number): Promise<void> {
        await super.writeItems(items, concurrency);
        await removeDataset(remover, MILLBROOK.name);
      }
    }
    const changed = millbrookGraph();
    changed.nodes = changed.nodes.map((n) => (n.type === 'Person' ? { ...n, label: `${n.label} (changed)` } : n));
    await expect(loadGraph(new OvertakenStore(doc, 'remove-overtaken'), changed, MILLBROOK)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `Dataset "${MILLBROOK.name}" was changed by another loader, or its removal began, while this one ran; run the load again.`,
    });
    expect(mentions(await scanAll('remove-overtaken'), MILLBROOK.name)).toEqual([]);

    // Items a loader wrote after the record had gone (here written by hand): no record, yet
    // the removal finds them by their dataset and takes them, and reports what went.
    const leftovers = (await scanAll('remove-overtaken')).length;
    await loadGraph(store, millbrookGraph(), MILLBROOK);
    const written = mentions(await scanAll('remove-overtaken'), MILLBROOK.name);
    const record = written.find((item) => item.entity === 'dataset')!;
    await doc.delete({ TableName: 'remove-overtaken', Key: { pk: record.pk, sk: record.sk } });
    expect(await store.getDatasetLoadState(MILLBROOK.name)).toBeNull();
    const result = await removeDataset(store, MILLBROOK.name);
    expect(result).toEqual({ dataset: MILLBROOK.name, removed: written.filter((item) => item.ds === MILLBROOK.name && item.entity !== 'count').length, namespaces: ['millbrook'] });
    expect(mentions(await scanAll('remove-overtaken'), MILLBROOK.name)).toEqual([]);
    expect(await scanAll('remove-overtaken')).toHaveLength(leftovers);
  });
});
