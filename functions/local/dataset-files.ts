/** Reads a dataset folder (YAML and JSON files) and the texts of its cited documents. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { buildGraph, type DatasetFile, type Graph } from '../core/dataset.js';
import { parseLineRange } from '../core/citations.js';
import { EXCLUSION_REASONS, type CoverageExclusion } from '../core/coverage.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_DATASET_DIR = path.join(PROJECT_ROOT, 'data', 'luton-2020');

/** Reads every dataset file; a file that cannot be parsed is reported, never half-read. */
export async function readDatasetFiles(dir: string): Promise<DatasetFile[]> {
  const names = (await readdir(dir, { recursive: true }))
    .filter((name) => /\.(ya?ml|json)$/.test(name))
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

/** Finds Document nodes with a `path` and reads their text, relative to the project root. */
export async function readDocumentTexts(files: DatasetFile[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const { content } of files) {
    const nodes = (content as { nodes?: unknown[] } | null)?.nodes;
    if (!Array.isArray(nodes)) continue;
    for (const node of nodes as Array<Record<string, unknown>>) {
      if (node?.type === 'Document' && typeof node.id === 'string' && typeof node.path === 'string') {
        const resolved = path.resolve(PROJECT_ROOT, node.path);
        if (!resolved.startsWith(PROJECT_ROOT + path.sep)) continue;
        try {
          texts.set(node.id, await readFile(resolved, 'utf8'));
        } catch {
          // Reported by validation as a document whose text is not available.
        }
      }
    }
  }
  return texts;
}

/** Reads, validates and assembles a dataset folder; throws InvalidDatasetError on any problem. */
export async function loadGraphFromDir(dir: string = DEFAULT_DATASET_DIR): Promise<Graph> {
  const files = await readDatasetFiles(dir);
  return buildGraph(files, { documentTexts: await readDocumentTexts(files) });
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
