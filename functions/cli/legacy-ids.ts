/**
 * `npm run data:legacy-ids`: writes (or brings up to date) `legacy-ids.csv` in every
 * dataset folder whose ids were published before namespaces (`legacyIds: unqualified`):
 * each old id and the qualified id it names now. Old ids are never dropped.
 */
import path from 'node:path';
import { InvalidDatasetError, SourceTextError } from '../core/errors.js';
import { findDatasetDirs, PROJECT_ROOT, writeLegacyIds } from '../local/dataset-files.js';

try {
  for (const file of await writeLegacyIds(await findDatasetDirs())) console.log(`Wrote ${path.relative(PROJECT_ROOT, file)}`);
} catch (error) {
  if (error instanceof InvalidDatasetError || error instanceof SourceTextError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
