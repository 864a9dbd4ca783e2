/**
 * `npm run sources`: lists every third-party text the datasets under data/ cite (a
 * Document's `textFile` and `sha256`) and where each is found on the sources search
 * path; exits 1 when one is missing or is another text.
 *
 * `npm run sources -- --from FILE [--from FILE ...]`: checks each file's sha256 against
 * the texts the datasets cite and copies a match into the cache
 * (`${XDG_CACHE_HOME:-~/.cache}/scrutiny-graph/sources`), under the name the datasets
 * give it; a file that is none of them is refused and nothing is copied.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SourceTextError } from '../core/errors.js';
import { findDatasetDirs, PROJECT_ROOT, readDatasetFiles, readDatasetFolder, sourceTextRefs } from '../local/dataset-files.js';
import { addToSourceCache, readSourceText, sourceCacheDir, sourceSearchPath, uniqueRefs, type SourceTextRef } from '../local/source-texts.js';

const USAGE = 'Usage: npm run sources [-- --from FILE ...]';

async function citedTexts(): Promise<SourceTextRef[]> {
  const refs: SourceTextRef[] = [];
  for (const dir of await findDatasetDirs()) {
    const { descriptor } = await readDatasetFolder(dir);
    refs.push(...sourceTextRefs(await readDatasetFiles(dir), descriptor.namespace));
  }
  return uniqueRefs(refs);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { from: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const refs = await citedTexts();
  if (values.from?.length) {
    for (const from of values.from) {
      const { ref, path: written } = await addToSourceCache(path.resolve(from), refs, sourceCacheDir());
      console.log(`${from}: the text of ${ref.document} (sha256 ${ref.sha256}); copied to ${written}`);
    }
    return 0;
  }
  console.log('Searched, in order:');
  for (const [i, place] of sourceSearchPath({ projectRoot: PROJECT_ROOT }).entries()) console.log(`  ${i + 1}. ${place.dir} (${place.why})`);
  let failed = 0;
  for (const ref of refs) {
    try {
      console.log(`OK: ${ref.file} (${ref.document}): ${readSourceText(ref, { projectRoot: PROJECT_ROOT }).path}`);
    } catch (error) {
      if (!(error instanceof SourceTextError)) throw error;
      failed++;
      console.error(error.message);
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof SourceTextError ? error.message : error);
    process.exit(1);
  },
);
