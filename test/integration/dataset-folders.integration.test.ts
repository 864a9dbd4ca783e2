/**
 * Dataset folders as `npm run data:check`, `npm start` and `load:aws` read them: each
 * folder's dataset.yaml, ids qualified by the build, links into a declared dependency
 * only, and loading in dependency order into the embedded engine. The datasets here are
 * FICTIONAL (test/fixtures/datasets), written for these tests.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../functions/core/access.js';
import { InvalidDatasetError, type DatasetProblem } from '../../functions/core/errors.js';
import { buildDatasets, buildDatasetWithDependencies, findDatasetDirs, PROJECT_ROOT } from '../../functions/local/dataset-files.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { loadDatasets } from '../../functions/local/load-datasets.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';

const ROOT = path.join(PROJECT_ROOT, 'test', 'fixtures', 'datasets');
const COUNCIL = path.join(ROOT, 'fictional-council');

let engine: LocalEngine;
let work: string;

beforeAll(async () => {
  engine = await startLocalEngine();
  work = await mkdtemp(path.join(tmpdir(), 'dataset-folders-'));
});

afterAll(async () => {
  await engine?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function problemsOf(work: () => Promise<unknown>): Promise<DatasetProblem[]> {
  try {
    await work();
  } catch (error) {
    if (error instanceof InvalidDatasetError) return error.problems;
    throw error;
  }
  return [];
}

/** A copy of the fixture folders in which one file is replaced. */
async function variant(folder: string, file: string, text: string): Promise<string> {
  const root = await mkdtemp(path.join(work, 'variant-'));
  await cp(ROOT, root, { recursive: true });
  await writeFile(path.join(root, folder, file), text);
  return root;
}

describe('dataset folders', () => {
  it('finds every folder with a dataset.yaml and builds each after its dependency, ids qualified', async () => {
    const dirs = await findDatasetDirs(ROOT);
    expect(dirs.map((d) => path.basename(d))).toEqual(['fictional-council', 'shared-bodies']);
    const built = await buildDatasets(dirs);
    expect(built.map((d) => d.descriptor.name)).toEqual(['shared-bodies', 'fictional-council']);
    const [shared, council] = built.map((d) => d.graph);
    expect(shared!.nodes.map((n) => n.id)).toEqual(['shared/document:fictional-minutes', 'shared/organisation:fictional-constabulary']);
    expect(council!.edges).toEqual([expect.objectContaining({
      from: 'shared/organisation:fictional-constabulary',
      to: 'fictional/meeting:fictional-harbour-2030-04-01',
      sources: [expect.objectContaining({ document: 'fictional/document:fictional-minutes' }), expect.objectContaining({ document: 'shared/document:fictional-minutes' })],
    })]);
  });

  it('builds one folder with the datasets it depends on, found beside it', async () => {
    expect((await buildDatasetWithDependencies(COUNCIL)).map((d) => d.descriptor.name)).toEqual(['shared-bodies', 'fictional-council']);
  });

  it('names the folder and file of a link into a namespace the dataset does not depend on', async () => {
    const root = await variant('fictional-council', 'dataset.yaml', 'name: fictional-council\nnamespace: fictional\ntitle: Fictional\nfictional: true\ndependencies: []\n');
    const problems = await problemsOf(() => buildDatasets([path.join(root, 'fictional-council')]));
    expect(problems).toEqual([
      { file: 'fictional-council/meeting.yaml', entry: 'edges[0] (shared/organisation:fictional-constabulary -ATTENDED-> meeting:fictional-harbour-2030-04-01)', message: expect.stringMatching(/in namespace "shared", which is not a dependency of this dataset; add the dataset that owns "shared" to "dependencies" in dataset.yaml \(declared: none\)/) },
    ]);
  });

  it('checks no dependant of a dataset with problems, and says why', async () => {
    const root = await variant('shared-bodies', 'bodies.yaml', 'nodes:\n  - id: organisation:nameless\n    type: Organisation\n');
    const dirs = await findDatasetDirs(root);
    const problems = await problemsOf(() => buildDatasets(dirs));
    expect(problems.filter((p) => p.file.startsWith('shared-bodies/')).length).toBeGreaterThan(0);
    expect(problems.at(-1)).toEqual({ file: 'fictional-council/dataset.yaml', entry: 'dependencies', message: expect.stringMatching(/not checked: its dependency shared-bodies has problems/) });
  });

  it('refuses a folder without a dataset.yaml, or named otherwise than its dataset', async () => {
    const bare = await mkdtemp(path.join(work, 'bare-'));
    expect(await problemsOf(() => buildDatasets([bare]))).toEqual([{ file: `${path.basename(bare)}/dataset.yaml`, entry: 'file', message: expect.stringMatching(/is missing: every dataset folder declares/) }]);
    const root = await variant('shared-bodies', 'dataset.yaml', 'name: other-name\nnamespace: shared\ntitle: Fictional\ndependencies: []\n');
    expect((await problemsOf(() => buildDatasets([path.join(root, 'shared-bodies')]))).map((p) => p.message)).toEqual([expect.stringMatching(/is "other-name" but the folder is "shared-bodies"/)]);
  });

  it('loads each dataset under its own name in dependency order, and an unchanged second load writes nothing', async () => {
    const client = createDynamoDbClient({ endpoint: engine.endpoint });
    await ensureTable(client, 'folders');
    const store = new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint }), 'folders');
    const built = await buildDatasets(await findDatasetDirs(ROOT));
    const first = await loadDatasets(store, built);
    expect(first.map((r) => [r.dataset, r.written, r.nodes, r.edges])).toEqual([['shared-bodies', true, 2, 0], ['fictional-council', true, 2, 1]]);
    expect((await store.listDatasets(ANONYMOUS)).map((d) => d.name).sort()).toEqual(['fictional-council', 'shared-bodies']);
    expect((await store.getNodes(ANONYMOUS, ['shared/organisation:fictional-constabulary', 'fictional/meeting:fictional-harbour-2030-04-01'])).map((n) => n?.label)).toEqual(['Fictional Constabulary', expect.stringMatching(/Fictional Harbour Committee/)]);
    expect((await loadDatasets(store, built)).map((r) => r.written)).toEqual([false, false]);
  });
});
