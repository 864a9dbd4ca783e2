/**
 * Old ids: a dataset whose ids were published before namespaces (`legacyIds:
 * unqualified`) publishes the mapping of each old id to the node it names now, as
 * `legacy-ids.csv` in its folder, so links from outside keep resolving (the loader
 * writes an alias item per row). Pure: the caller reads and writes the file.
 *
 * The mapping is frozen once published: an old id never disappears, and each must still
 * name a node of the dataset or of one of its dependencies (a body moved to the shared
 * registry keeps its old id, mapped to its registry id).
 */
import { InvalidDatasetError } from './errors.js';
import { isQualified, localIdOf, resolveId } from './namespaces.js';

export const LEGACY_IDS_FILE = 'legacy-ids.csv';
const HEADER = 'old_id,new_id';

export interface LegacyId {
  /** The id as published before namespaces (`meeting:cdc-2020-03-02`). */
  oldId: string;
  /** The qualified id it names now (`luton/meeting:cdc-2020-03-02`). */
  newId: string;
}

/** Reads the CSV; `file` names it in messages. */
export function parseLegacyIds(text: string, file: string): LegacyId[] {
  const lines = text.split(/\r?\n/).filter((line) => line !== '');
  if (lines[0] !== HEADER) throw new InvalidDatasetError([{ file, entry: 'line 1', message: `must be the header "${HEADER}"` }]);
  return lines.slice(1).map((line, index) => {
    const [oldId, newId, ...rest] = line.split(',');
    if (!oldId || !newId || rest.length || isQualified(oldId) || !isQualified(newId)) {
      throw new InvalidDatasetError([{ file, entry: `line ${index + 2}`, message: `must be "<old unqualified id>,<qualified id>"; got "${line}"` }]);
    }
    return { oldId, newId };
  });
}

export function formatLegacyIds(rows: readonly LegacyId[]): string {
  return [HEADER, ...[...rows].sort((a, b) => (a.oldId < b.oldId ? -1 : a.oldId > b.oldId ? 1 : 0)).map((r) => `${r.oldId},${r.newId}`)].join('\n') + '\n';
}

/**
 * The mapping as it should be published. With no published mapping yet, every node of
 * the dataset maps from its local id, and every node of a dependency whose local id the
 * dataset does not define (a body moved out of it) maps from its local id too. With a
 * published mapping, its old ids are kept and each is resolved again the same way;
 * an old id that no longer names any node is an error saying what to do.
 */
export function legacyIds(namespace: string, ownIds: readonly string[], dependencyIds: readonly string[], published: readonly LegacyId[] | undefined, file: string): LegacyId[] {
  const own = new Set(ownIds);
  const byLocal = new Map<string, string>();
  for (const id of dependencyIds) if (!own.has(resolveId(localIdOf(id), namespace))) byLocal.set(localIdOf(id), id);
  for (const id of ownIds) byLocal.set(localIdOf(id), id);
  if (!published) return [...byLocal].map(([oldId, newId]) => ({ oldId, newId }));
  const problems = published.filter((row) => !byLocal.has(row.oldId)).map((row) => ({
    file,
    entry: row.oldId,
    message: `the published old id "${row.oldId}" (last mapped to "${row.newId}") names no node any more; keep a node with that local id in this dataset or a dependency, or links from outside break`,
  }));
  if (problems.length) throw new InvalidDatasetError(problems);
  return published.map((row) => ({ oldId: row.oldId, newId: byLocal.get(row.oldId)! }));
}
