/**
 * A dataset folder's `dataset.yaml`: what the folder is (name, namespace, council) and
 * which datasets it may link to. Pure: the caller reads the file.
 */
import { InvalidDatasetError, type DatasetProblem } from './errors.js';
import { NAMESPACE_PATTERN, type DatasetDescriptor } from './namespaces.js';

export const DESCRIPTOR_FILE = 'dataset.yaml';

const NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
const ONS_CODE_PATTERN = /^[EWSN]\d{8}$/;
const FIELDS = ['name', 'namespace', 'title', 'council', 'fictional', 'dependencies', 'legacyIds', 'description'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a parsed `dataset.yaml`. Throws InvalidDatasetError naming the file and each
 * field to fix.
 */
export function parseDatasetDescriptor(content: unknown, file: string): DatasetDescriptor {
  const problems: DatasetProblem[] = [];
  const report = (entry: string, message: string) => problems.push({ file, entry, message });
  if (!isRecord(content)) throw new InvalidDatasetError([{ file, entry: 'file', message: 'must be a mapping with name, namespace, title and dependencies' }]);
  const unknown = Object.keys(content).filter((key) => !FIELDS.includes(key));
  if (unknown.length) report('file', `unknown field(s) ${unknown.join(', ')}; allowed: ${FIELDS.join(', ')}`);
  const { name, namespace, title, council, fictional, dependencies, legacyIds } = content;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) report('name', `must be the dataset's stable name in lower case with hyphens, such as "luton-2020"; got ${JSON.stringify(name)}`);
  if (typeof namespace !== 'string' || !NAMESPACE_PATTERN.test(namespace)) report('namespace', `must be a short lower-case slug (letters, digits, hyphens; at most 40), such as "luton"; got ${JSON.stringify(namespace)}`);
  if (typeof title !== 'string' || title.trim() === '') report('title', 'must say in words what the dataset records');
  if (council !== undefined) {
    if (!isRecord(council) || typeof council.name !== 'string' || council.name.trim() === '') report('council', 'must be a mapping with "name" (the council as its documents name it) and optional "onsCode"');
    else if (council.onsCode !== undefined && (typeof council.onsCode !== 'string' || !ONS_CODE_PATTERN.test(council.onsCode))) report('council.onsCode', `must be a nine-character ONS/GSS code such as "E06000032"; got ${JSON.stringify(council.onsCode)}`);
  }
  if (fictional !== undefined && typeof fictional !== 'boolean') report('fictional', 'must be true or false');
  if (!Array.isArray(dependencies) || dependencies.some((d) => typeof d !== 'string' || !NAME_PATTERN.test(d))) report('dependencies', 'must be a list of dataset names (an empty list when it links to no other dataset)');
  else if (dependencies.includes(name)) report('dependencies', 'a dataset cannot depend on itself');
  if (legacyIds !== undefined && legacyIds !== 'unqualified') report('legacyIds', 'must be "unqualified" (its ids were once published without a namespace) or absent');
  if (problems.length) throw new InvalidDatasetError(problems);
  const c = council as { name: string; onsCode?: string } | undefined;
  return {
    name: name as string,
    namespace: namespace as string,
    title: (title as string).trim(),
    ...(c ? { council: { name: c.name, ...(c.onsCode ? { onsCode: c.onsCode } : {}) } } : {}),
    ...(fictional ? { fictional: true } : {}),
    dependencies: [...(dependencies as string[])],
    ...(legacyIds ? { legacyIds: 'unqualified' as const } : {}),
  };
}

/**
 * Orders datasets so that each comes after its dependencies, keeping the given order
 * otherwise. Throws InvalidDatasetError for a dependency not among them, a cycle, or
 * two datasets sharing a name or a namespace.
 */
export function dependencyOrder<T extends { descriptor: DatasetDescriptor; file: string }>(datasets: readonly T[]): T[] {
  const problems: DatasetProblem[] = [];
  const byName = new Map<string, T>();
  const byNamespace = new Map<string, T>();
  for (const dataset of datasets) {
    const { name, namespace } = dataset.descriptor;
    const sameName = byName.get(name);
    if (sameName) problems.push({ file: dataset.file, entry: 'name', message: `"${name}" is also the name of ${sameName.file}; each dataset needs its own name` });
    else byName.set(name, dataset);
    const sameNamespace = byNamespace.get(namespace);
    if (sameNamespace) problems.push({ file: dataset.file, entry: 'namespace', message: `"${namespace}" is already the namespace of ${sameNamespace.file}; a namespace has one owner` });
    else byNamespace.set(namespace, dataset);
  }
  for (const dataset of datasets) {
    for (const dependency of dataset.descriptor.dependencies) {
      if (!byName.has(dependency)) problems.push({ file: dataset.file, entry: 'dependencies', message: `depends on "${dependency}", which is not among the datasets read (${[...byName.keys()].join(', ')}); add its folder or remove the dependency` });
    }
  }
  if (problems.length) throw new InvalidDatasetError(problems);
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (dataset: T, chain: string[]) => {
    const { name } = dataset.descriptor;
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new InvalidDatasetError([{ file: dataset.file, entry: 'dependencies', message: `dependencies form a cycle: ${[...chain, name].join(' -> ')}; a dataset may only link to datasets that do not link back` }]);
    }
    state.set(name, 'visiting');
    for (const dependency of dataset.descriptor.dependencies) visit(byName.get(dependency)!, [...chain, name]);
    state.set(name, 'done');
    ordered.push(dataset);
  };
  for (const dataset of datasets) visit(dataset, []);
  return ordered;
}
