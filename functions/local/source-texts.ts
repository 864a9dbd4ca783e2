/**
 * Finds the text of a third-party document outside the repository. A council's agenda
 * pack is the council's text, so it is never committed: a Document names it by file
 * (`textFile`) with the sha256 of its text, and the file is looked for, in this order, in
 *
 *   1. `$SCRUTINY_SOURCES` (a folder), when set;
 *   2. `../shared/sources` beside the repository (the project's shared copy);
 *   3. the user's cache, `${XDG_CACHE_HOME:-~/.cache}/scrutiny-graph/sources`
 *      (`npm run sources -- --from FILE` checks a file and copies it there).
 *
 * The first file found is the one used, and only if its sha256 is the recorded one:
 * citations were checked against exactly that text, so another text is refused, never
 * silently replaced by a copy further down the path.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isBareFileName } from '../core/dataset.js';
import { SourceTextError } from '../core/errors.js';

/** A third-party text a Document cites: its qualified id, file name and recorded hash. */
export interface SourceTextRef {
  document: string;
  file: string;
  sha256: string;
  /** Title and publisher, to say in messages which document is meant. */
  title?: string;
  publisher?: string;
}

export interface SourceSearchOptions {
  /** The repository root; `../shared/sources` is taken relative to it. */
  projectRoot: string;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
}

export interface SearchPlace {
  dir: string;
  /** How the place is named to a reader: `SCRUTINY_SOURCES`, `../shared/sources`, the cache. */
  why: string;
}

export interface FoundSourceText {
  text: string;
  /** The file read. */
  path: string;
}

/** `sha256sum` of a file's bytes, lower-case hex. */
export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The user's cache of source texts (where `npm run sources -- --from` copies to). */
export function sourceCacheDir(env: NodeJS.ProcessEnv = process.env, homeDir: string = os.homedir()): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(homeDir, '.cache');
  return path.join(base, 'scrutiny-graph', 'sources');
}

/** The folders searched, in order. */
export function sourceSearchPath(options: SourceSearchOptions): SearchPlace[] {
  const env = options.env ?? process.env;
  const places: SearchPlace[] = [];
  if (env.SCRUTINY_SOURCES) places.push({ dir: path.resolve(env.SCRUTINY_SOURCES), why: 'SCRUTINY_SOURCES' });
  places.push({ dir: path.resolve(options.projectRoot, '..', 'shared', 'sources'), why: '../shared/sources, beside the repository' });
  places.push({ dir: sourceCacheDir(env, options.homeDir), why: 'the cache, filled by npm run sources -- --from FILE' });
  return places;
}

/**
 * Reads the text of `ref` from the first folder of the search path that holds its file,
 * after checking the file's sha256. Throws SourceTextError: SOURCE_TEXT_MISSING when no
 * folder holds it, SOURCE_TEXT_MISMATCH when the file found is another text. Synchronous:
 * it reads one file of a few hundred kilobytes while a dataset is built, and test
 * fixtures that build graphs synchronously use it too.
 */
export function readSourceText(ref: SourceTextRef, options: SourceSearchOptions): FoundSourceText {
  const places = sourceSearchPath(options);
  if (!isBareFileName(ref.file)) throw new Error(`"${ref.file}" is not a bare file name`);
  for (const place of places) {
    const file = path.join(place.dir, ref.file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw error;
    }
    const found = sha256OfBytes(bytes);
    if (found !== ref.sha256) {
      throw new SourceTextError(
        'SOURCE_TEXT_MISMATCH',
        `SOURCE_TEXT_MISMATCH: ${file} (found in ${place.why}) is not the text of ${describe(ref)}: its sha256 is ${found}, the dataset records ${ref.sha256}. ` +
          'The citations were checked against the recorded text, so no other is used. Replace the file with the right copy ' +
          `(\`npm run sources -- --from <path to the file>\` checks a copy and puts it in the cache), or remove it from ${place.dir}.`,
        { document: ref.document, file: ref.file, expected: ref.sha256, found, path: file, searched: places.map((p) => p.dir) },
      );
    }
    return { text: bytes.toString('utf8'), path: file };
  }
  throw new SourceTextError(
    'SOURCE_TEXT_MISSING',
    `SOURCE_TEXT_MISSING: ${ref.file} was not found: the text of ${describe(ref)}, sha256 ${ref.sha256}. ` +
      `It is third-party text, kept out of the repository. Searched, in order:\n` +
      places.map((p, i) => `  ${i + 1}. ${p.dir} (${p.why})`).join('\n') +
      `\nTo provide it: put ${ref.file} in one of these folders, set SCRUTINY_SOURCES to a folder holding it, ` +
      'or run `npm run sources -- --from <path to the file>` (it checks the sha256 and copies the file into the cache). ' +
      '`npm run sources` lists every text the datasets cite and where each was found.',
    { document: ref.document, file: ref.file, expected: ref.sha256, searched: places.map((p) => p.dir) },
  );
}

/** `luton/document:x, "Title" (Publisher)`: which document is meant. */
function describe(ref: SourceTextRef): string {
  return `${ref.document}${ref.title ? `, "${ref.title}"` : ''}${ref.publisher ? ` (${ref.publisher})` : ''}`;
}

/**
 * Copies `from` into the cache under the name of the text it is (matched by sha256
 * among `refs`), written to a temporary name and renamed, so a reader never sees half
 * a file. Returns the text matched and the file written.
 */
export async function addToSourceCache(from: string, refs: readonly SourceTextRef[], cacheDir: string): Promise<{ ref: SourceTextRef; path: string }> {
  const bytes = await readFile(from);
  const found = sha256OfBytes(bytes);
  const ref = refs.find((r) => r.sha256 === found);
  if (!ref) {
    throw new SourceTextError(
      'SOURCE_TEXT_MISMATCH',
      `SOURCE_TEXT_MISMATCH: ${from} (sha256 ${found}) is none of the texts the datasets cite; nothing was copied. They are:\n` +
        uniqueRefs(refs).map((r) => `  ${r.file}, sha256 ${r.sha256}: ${describe(r)}`).join('\n'),
      { path: from, found, expected: uniqueRefs(refs).map((r) => r.sha256) },
    );
  }
  await mkdir(cacheDir, { recursive: true });
  const target = path.join(cacheDir, ref.file);
  const temporary = `${target}.${process.pid}.partial`;
  await writeFile(temporary, bytes);
  await rename(temporary, target);
  return { ref, path: target };
}

/** One entry per file and hash (two datasets may register the same text). */
export function uniqueRefs(refs: readonly SourceTextRef[]): SourceTextRef[] {
  const seen = new Map<string, SourceTextRef>();
  for (const ref of refs) if (!seen.has(`${ref.file} ${ref.sha256}`)) seen.set(`${ref.file} ${ref.sha256}`, ref);
  return [...seen.values()];
}
