/**
 * The loading process of `npm start` (load-process.ts): builds the datasets, loads them
 * into the table at the endpoint given, sends the results (or the error that stopped it)
 * to its parent and exits.
 */
import { createTableClient } from '../storage/dynamodb-client.js';
import { DynamoGraphStore } from '../storage/graph-store.js';
import { buildDatasets, buildDatasetWithDependencies, findDatasetDirs } from './dataset-files.js';
import { loadDatasets } from './load-datasets.js';
import { serializeError, type LoadJob, type LoadMessage } from './load-process.js';

function send(message: LoadMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, (error: Error | null) => (error ? reject(error) : resolve())));
}

let exitCode = 0;
let finished = false;
// The server stopped (Ctrl-C, a signal): stop too. The load's mark makes the next start load again in full.
process.on('disconnect', () => {
  if (!finished) process.exit(1);
});
try {
  const job = JSON.parse(process.argv[2]!) as LoadJob;
  const store = new DynamoGraphStore(createTableClient({ endpoint: job.endpoint }), job.tableName);
  // Validation of every dataset runs before any write: an invalid one leaves the table untouched.
  const datasets = job.datasetDir ? await buildDatasetWithDependencies(job.datasetDir) : await buildDatasets(await findDatasetDirs());
  await send({ loads: await loadDatasets(store, datasets) });
} catch (error) {
  exitCode = 1;
  await send({ error: serializeError(error) });
}
finished = true;
process.disconnect();
process.exit(exitCode);
