/**
 * Reads dataset folders (a `dataset.yaml`, YAML and JSON files) and the texts of their
 * cited documents, and builds them in dependency order so that links and citations
 * into a dependency resolve.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { buildGraph, isBareFileName, SHA256_PATTERN, type DatasetDependency, type DatasetFile, type Graph } from '../core/dataset.js';
import { DESCRIPTOR_FILE, dependencyOrder, parseDatasetDescriptor } from '../core/dataset-descriptor.js';
import { InvalidDatasetError, type DatasetProblem } from '../core/errors.js';
import { formatLegacyIds, LEGACY_IDS_FILE, legacyIds, parseLegacyIds, type LegacyId } from '../core/legacy-ids.js';
import { resolveId, type DatasetDescriptor } from '../core/namespaces.js';
import { parseLineRange } from '../core/citations.js';
import { EXCLUSION_REASONS, type CoverageExclusion } from '../core/coverage.js';
import { readSourceText, type SourceSearchOptions, type SourceTextRef } from './source-texts.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Every folder under it with a `dataset.yaml` is a dataset. */
export const DATA_DIR = path.join(PROJECT_ROOT, 'data');
export const DEFAULT_DATASET_DIR = path.join(DATA_DIR, 'luton-2020');

/** A dataset folder, validated and built: its descriptor and its graph (ids qualified). */
export interface BuiltDataset {
  dir: string;
  descriptor: DatasetDescriptor;
  graph: Graph;
  /** With `legacyIds: unqualified`: the published mapping of old ids to the nodes they name now. */
  legacyIds?: LegacyId[];
  /** The text of each of its own Documents that has one, by qualified id: what its citations were checked against. */
  texts: Map<string, string>;
}

interface DatasetFolder {
  dir: string;
  /** `<folder>/dataset.yaml`, for messages. */
  file: string;
  descriptor: DatasetDescriptor;
}

/** Reads every dataset file; a file that cannot be parsed is reported, never half-read. */
export async function readDatasetFiles(dir: string): Promise<DatasetFile[]> {
  const names = (await readdir(dir, { recursive: true }))
    .filter((name) => /\.(ya?ml|json)$/.test(name) && name !== DESCRIPTOR_FILE)
    .sort();
  const files: DatasetFile[] = [];
  for (const name of names) {
    const raw = await readFile(path.join(dir, name), 'utf8');
    try {
      files.push({ file: name, content: name.endsWith('.json') ? JSON.parse(raw) : parseYaml(raw, { uniqueKeys: true }) });
    } catch (error) {
      files.push({ file: name, content: undefined, parseError: (error as Error).message.split('\n')[0] });
    }
  }
  return files;
}

/** Document nodes of the files, as written (ids unqualified where the dataset's own). */
function documentNodes(files: DatasetFile[]): Array<Record<string, unknown> & { id: string }> {
  const documents: Array<Record<string, unknown> & { id: string }> = [];
  for (const { content } of files) {
    const nodes = (content as { nodes?: unknown[] } | null)?.nodes;
    if (!Array.isArray(nodes)) continue;
    for (const node of nodes as Array<Record<string, unknown>>) {
      if (node?.type === 'Document' && typeof node.id === 'string') documents.push(node as Record<string, unknown> & { id: string });
    }
  }
  return documents;
}

/**
 * The third-party texts the files' Documents cite (`textFile` with a well-formed
 * `sha256`), by qualified id. A malformed entry is left to validation, which says what
 * to fix.
 */
export function sourceTextRefs(files: DatasetFile[], namespace: string): SourceTextRef[] {
  return documentNodes(files)
    .filter((node) => typeof node.textFile === 'string' && isBareFileName(node.textFile) && typeof node.sha256 === 'string' && SHA256_PATTERN.test(node.sha256))
    .map((node) => ({
      document: resolveId(node.id, namespace),
      file: node.textFile as string,
      sha256: node.sha256 as string,
      ...(typeof node.title === 'string' ? { title: node.title } : {}),
      ...(typeof node.publisher === 'string' ? { publisher: node.publisher } : {}),
    }));
}

/**
 * Reads the text of each Document, by qualified id: `path`, relative to the project
 * root, for text written for the project; `textFile`, found on the sources search path
 * and checked against its `sha256`, for third-party text (SourceTextError when it is
 * missing or another text).
 */
export async function readDocumentTexts(files: DatasetFile[], namespace: string, search: SourceSearchOptions = { projectRoot: PROJECT_ROOT }): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const node of documentNodes(files)) {
    if (typeof node.path !== 'string' || node.textFile !== undefined) continue;
    const resolved = path.resolve(PROJECT_ROOT, node.path);
    if (!resolved.startsWith(PROJECT_ROOT + path.sep)) continue;
    try {
      texts.set(resolveId(node.id, namespace), await readFile(resolved, 'utf8'));
    } catch {
      // Reported by validation as a document whose text is not available.
    }
  }
  for (const ref of sourceTextRefs(files, namespace)) texts.set(ref.document, readSourceText(ref, search).text);
  return texts;
}

/** Reads and checks a folder's `dataset.yaml`; the folder is named after the dataset. */
export async function readDatasetFolder(dir: string): Promise<DatasetFolder> {
  const file = `${path.basename(dir)}/${DESCRIPTOR_FILE}`;
  let raw: string;
  try {
    raw = await readFile(path.join(dir, DESCRIPTOR_FILE), 'utf8');
  } catch {
    throw new InvalidDatasetError([{ file, entry: 'file', message: `is missing: every dataset folder declares its name, namespace, title and dependencies in ${DESCRIPTOR_FILE} (see data/README.md)` }]);
  }
  let content: unknown;
  try {
    content = parseYaml(raw, { uniqueKeys: true });
  } catch (error) {
    throw new InvalidDatasetError([{ file, entry: 'file', message: `cannot be parsed: ${(error as Error).message.split('\n')[0]}` }]);
  }
  const descriptor = parseDatasetDescriptor(content, file);
  if (descriptor.name !== path.basename(dir)) {
    throw new InvalidDatasetError([{ file, entry: 'name', message: `is "${descriptor.name}" but the folder is "${path.basename(dir)}"; a dataset folder is named after its dataset` }]);
  }
  return { dir, file, descriptor };
}

/** The dataset folders directly under `root` (those with a `dataset.yaml`), by name. */
export async function findDatasetDirs(root: string = DATA_DIR): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const dirs: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = path.join(root, entry.name);
    if (await stat(path.join(dir, DESCRIPTOR_FILE)).catch(() => null)) dirs.push(dir);
  }
  return dirs;
}

/**
 * Validates and builds the given dataset folders together, each after its dependencies
 * (which must be among them). Throws one InvalidDatasetError listing every problem of
 * every dataset, files named `<folder>/<file>`; a dataset whose dependency has problems
 * is not checked until they are fixed (its links would all look broken).
 */
export async function buildDatasets(dirs: readonly string[], options: { skipLegacyIds?: boolean } = {}): Promise<BuiltDataset[]> {
  const folders: DatasetFolder[] = [];
  const problems: DatasetProblem[] = [];
  for (const dir of dirs) {
    try {
      folders.push(await readDatasetFolder(dir));
    } catch (error) {
      if (!(error instanceof InvalidDatasetError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length) throw new InvalidDatasetError(problems);
  const built = new Map<string, BuiltDataset>();
  /** Texts of the documents each built dataset may cite, so that its dependants may cite them too. */
  const texts = new Map<string, Map<string, string>>();
  const failed = new Set<string>();
  for (const { dir, descriptor } of dependencyOrder(folders)) {
    const folder = path.basename(dir);
    const broken = descriptor.dependencies.filter((name) => failed.has(name));
    if (broken.length) {
      failed.add(descriptor.name);
      problems.push({ file: `${folder}/${DESCRIPTOR_FILE}`, entry: 'dependencies', message: `not checked: its dependency ${broken.join(', ')} has problems (listed above); fix those first` });
      continue;
    }
    // Only declared dependencies may be linked to or cited (not theirs in turn).
    const dependencies: DatasetDependency[] = descriptor.dependencies.map((name) => {
      const { descriptor: dependency, graph } = built.get(name)!;
      return { name, namespace: dependency.namespace, graph };
    });
    const files = await readDatasetFiles(dir);
    const own = await readDocumentTexts(files, descriptor.namespace);
    texts.set(descriptor.name, own);
    const documentTexts = new Map(own);
    for (const name of descriptor.dependencies) for (const [id, text] of texts.get(name)!) documentTexts.set(id, text);
    try {
      const graph = buildGraph(files, { namespace: descriptor.namespace, documentTexts, dependencies });
      const legacy = descriptor.legacyIds && !options.skipLegacyIds ? await checkLegacyIds(dir, descriptor, graph, dependencies) : undefined;
      built.set(descriptor.name, { dir, descriptor, graph, texts: own, ...(legacy ? { legacyIds: legacy } : {}) });
    } catch (error) {
      if (!(error instanceof InvalidDatasetError)) throw error;
      failed.add(descriptor.name);
      problems.push(...error.problems.map((p) => ({ ...p, file: `${folder}/${p.file}` })));
    }
  }
  if (problems.length) throw new InvalidDatasetError(problems);
  return [...built.values()];
}

/** The published old-id mapping of a dataset, checked to be current (every old id names the node it maps to). */
async function checkLegacyIds(dir: string, descriptor: DatasetDescriptor, graph: Graph, dependencies: readonly DatasetDependency[]): Promise<LegacyId[]> {
  const file = `${LEGACY_IDS_FILE}`;
  const text = await readFile(path.join(dir, LEGACY_IDS_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) throw new InvalidDatasetError([{ file, entry: 'file', message: `is missing: a dataset with "legacyIds: unqualified" publishes the mapping of its old ids; run npm run data:legacy-ids` }]);
  const published = parseLegacyIds(text, file);
  const current = currentLegacyIds(descriptor, graph, dependencies, published);
  if (formatLegacyIds(current) !== formatLegacyIds(published)) {
    throw new InvalidDatasetError([{ file, entry: 'file', message: 'maps an old id to a node that has moved; run npm run data:legacy-ids to publish where each old id leads now' }]);
  }
  return current;
}

function currentLegacyIds(descriptor: DatasetDescriptor, graph: Graph, dependencies: readonly DatasetDependency[], published: LegacyId[] | undefined): LegacyId[] {
  return legacyIds(descriptor.namespace, graph.nodes.map((n) => n.id), dependencies.flatMap((d) => d.graph.nodes.map((n) => n.id)), published, LEGACY_IDS_FILE);
}

/**
 * Writes (or brings up to date) the old-id mapping of each dataset with `legacyIds:
 * unqualified`: `npm run data:legacy-ids`. Returns the files written.
 */
export async function writeLegacyIds(dirs: readonly string[]): Promise<string[]> {
  const written: string[] = [];
  for (const dir of dirs) {
    const { descriptor } = await readDatasetFolder(dir);
    if (!descriptor.legacyIds) continue;
    const datasets = await buildDatasets(await dependencyDirs(dir), { skipLegacyIds: true });
    const own = datasets.find((d) => d.descriptor.name === descriptor.name)!;
    const dependencies = descriptor.dependencies.map((name) => {
      const dependency = datasets.find((d) => d.descriptor.name === name)!;
      return { name, namespace: dependency.descriptor.namespace, graph: dependency.graph };
    });
    const target = path.join(dir, LEGACY_IDS_FILE);
    const text = await readFile(target, 'utf8').catch(() => undefined);
    const rows = currentLegacyIds(descriptor, own.graph, dependencies, text === undefined ? undefined : parseLegacyIds(text, LEGACY_IDS_FILE));
    await writeFile(target, formatLegacyIds(rows));
    written.push(target);
  }
  return written;
}

/**
 * The dataset folder `dir` with the datasets it depends on (found beside it, each
 * folder named after its dataset), built in dependency order.
 */
export async function buildDatasetWithDependencies(dir: string): Promise<BuiltDataset[]> {
  return buildDatasets(await dependencyDirs(dir));
}

/** The folder `dir` and the folders of every dataset it depends on, directly or not (found beside it). */
async function dependencyDirs(dir: string): Promise<string[]> {
  const root = path.dirname(dir);
  const dirs = [dir];
  const seen = new Set<string>();
  for (let i = 0; i < dirs.length; i++) {
    const { descriptor } = await readDatasetFolder(dirs[i]!);
    seen.add(descriptor.name);
    for (const dependency of descriptor.dependencies) {
      if (!seen.has(dependency) && !dirs.includes(path.join(root, dependency))) dirs.push(path.join(root, dependency));
    }
  }
  return dirs;
}

/** Nodes and edges of several built datasets as one graph (what the API serves once they are all loaded). */
export function mergeGraphs(datasets: readonly BuiltDataset[]): Graph {
  return { nodes: datasets.flatMap((d) => d.graph.nodes), edges: datasets.flatMap((d) => d.graph.edges) };
}

/**
 * Reads, validates and assembles a dataset folder and the datasets it depends on, as
 * one graph; throws InvalidDatasetError on any problem.
 */
export async function loadGraphFromDir(dir: string = DEFAULT_DATASET_DIR): Promise<Graph> {
  return mergeGraphs(await buildDatasetWithDependencies(dir));
}

export const COVERAGE_EXCLUSIONS_PATH = path.join(PROJECT_ROOT, 'data', 'coverage-exclusions.yaml');

/** Reads the reviewed exclusions of the coverage report: line ranges that need no citation, each with its reason. */
export async function readCoverageExclusions(file: string = COVERAGE_EXCLUSIONS_PATH): Promise<CoverageExclusion[]> {
  const content = parseYaml(await readFile(file, 'utf8'), { uniqueKeys: true }) as { exclusions?: unknown } | null;
  const entries = content?.exclusions;
  if (!Array.isArray(entries)) throw new Error(`${file}: needs "exclusions", a list of { lines, reason, note? }`);
  return entries.map((entry: Record<string, unknown>, index) => {
    const lines = parseLineRange(entry?.lines);
    if (!lines || lines[0] > lines[1]) throw new Error(`${file}: exclusions[${index}] needs "lines", a range such as "12-20"`);
    if (typeof entry.reason !== 'string' || !EXCLUSION_REASONS.includes(entry.reason as (typeof EXCLUSION_REASONS)[number])) {
      throw new Error(`${file}: exclusions[${index}] needs "reason", one of ${EXCLUSION_REASONS.join(', ')}`);
    }
    if (typeof entry.note !== 'string' || entry.note.trim() === '') throw new Error(`${file}: exclusions[${index}] needs "note": what the lines are and why they carry no fact`);
    return { lines, reason: entry.reason, note: entry.note };
  });
}
