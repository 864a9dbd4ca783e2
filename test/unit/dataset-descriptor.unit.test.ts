import { describe, expect, it } from 'vitest';
import { dependencyOrder, parseDatasetDescriptor } from '../../functions/core/dataset-descriptor.js';
import { InvalidDatasetError, type DatasetProblem } from '../../functions/core/errors.js';
import type { DatasetDescriptor } from '../../functions/core/namespaces.js';

const FILE = 'fictional/dataset.yaml';
const valid = { name: 'fictional-2030', namespace: 'fictional', title: 'Fictional council business', council: { name: 'Fictional Borough Council', onsCode: 'E06999999' }, fictional: true, dependencies: ['registry'] };

function problemsOf(work: () => unknown): DatasetProblem[] {
  try {
    work();
  } catch (error) {
    if (error instanceof InvalidDatasetError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseDatasetDescriptor', () => {
  it('reads a complete descriptor, keeping only what is declared', () => {
    expect(parseDatasetDescriptor({ ...valid, legacyIds: 'unqualified' }, FILE)).toEqual({ ...valid, legacyIds: 'unqualified' });
    expect(parseDatasetDescriptor({ name: 'registry', namespace: 'registry', title: 'Shared bodies', fictional: false, dependencies: [] }, FILE)).toEqual({ name: 'registry', namespace: 'registry', title: 'Shared bodies', dependencies: [] });
  });

  it('names the file and every field to fix, in one pass', () => {
    const problems = problemsOf(() => parseDatasetDescriptor({ name: 'Fictional 2030', namespace: 'E06999999', title: ' ', council: { onsCode: 'E06999999' }, fictional: 'yes', dependencies: 'registry', legacyIds: 'old', colour: 'blue', size: 3 }, FILE));
    expect(problems.map((p) => [p.file, p.entry])).toEqual([
      [FILE, 'file'], [FILE, 'name'], [FILE, 'namespace'], [FILE, 'title'], [FILE, 'council'], [FILE, 'fictional'], [FILE, 'dependencies'], [FILE, 'legacyIds'],
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      'unknown field(s) colour, size; allowed: name, namespace, title, council, fictional, dependencies, legacyIds, description',
      expect.stringMatching(/stable name in lower case with hyphens, such as "luton-2020"; got "Fictional 2030"/),
      expect.stringMatching(/short lower-case slug .* got "E06999999"/),
      expect.stringMatching(/say in words what the dataset records/),
      expect.stringMatching(/mapping with "name" .* and optional "onsCode"/),
      expect.stringMatching(/true or false/),
      expect.stringMatching(/list of dataset names \(an empty list when it links to no other dataset\)/),
      expect.stringMatching(/must be "unqualified" .* or absent/),
    ]);
  });

  it('refuses a list where a single name, namespace, title, ONS code or dependency name belongs', () => {
    // Each list holds a well-formed value, so only its type is wrong.
    const cases: Array<[string, Record<string, unknown>]> = [
      ['name', { name: ['fictional-2030'] }],
      ['namespace', { namespace: ['fictional'] }],
      ['title', { title: ['Fictional council business'] }],
      ['council.onsCode', { council: { name: 'Fictional Borough Council', onsCode: ['E06999999'] } }],
      ['dependencies', { dependencies: [['registry']] }],
    ];
    for (const [entry, change] of cases) expect(problemsOf(() => parseDatasetDescriptor({ ...valid, ...change }, FILE)).map((p) => p.entry)).toEqual([entry]);
  });

  it('refuses a council that is not a mapping or has a blank name', () => {
    for (const council of ['Fictional Borough Council', { name: '   ' }, { onsCode: 'E06999999' }]) {
      expect(problemsOf(() => parseDatasetDescriptor({ ...valid, council }, FILE)).map((p) => p.entry)).toEqual(['council']);
    }
  });

  it('accepts a council without an ONS code and a dataset that does not say whether it is fictional, trimming the title', () => {
    const { fictional: _fictional, ...notSaid } = valid;
    expect(parseDatasetDescriptor({ ...notSaid, title: '  Fictional council business ', council: { name: 'Fictional Borough Council' } }, FILE)).toEqual({
      name: 'fictional-2030', namespace: 'fictional', title: 'Fictional council business', council: { name: 'Fictional Borough Council' }, dependencies: ['registry'],
    });
  });

  it('refuses a malformed ONS code, a dataset that depends on itself and a mapping that is not one', () => {
    expect(problemsOf(() => parseDatasetDescriptor({ ...valid, council: { name: 'Fictional', onsCode: 'E0699' } }, FILE))).toEqual([
      { file: FILE, entry: 'council.onsCode', message: 'must be a nine-character ONS/GSS code such as "E06000032"; got "E0699"' },
    ]);
    expect(problemsOf(() => parseDatasetDescriptor({ ...valid, dependencies: ['fictional-2030'] }, FILE)).map((p) => p.message)).toEqual(['a dataset cannot depend on itself']);
    expect(problemsOf(() => parseDatasetDescriptor({ ...valid, dependencies: ['fictional-2030'] }, FILE)).map((p) => p.entry)).toEqual(['dependencies']);
    for (const content of [['not', 'a', 'mapping'], null, 'name: fictional-2030', 2030]) {
      expect(problemsOf(() => parseDatasetDescriptor(content, FILE))).toEqual([{ file: FILE, entry: 'file', message: 'must be a mapping with name, namespace, title and dependencies' }]);
    }
  });
});

const dataset = (name: string, namespace: string, dependencies: string[] = []) => ({ file: `${name}/dataset.yaml`, descriptor: { name, namespace, title: name, dependencies } as DatasetDescriptor });

describe('dependencyOrder', () => {
  it('puts every dataset after the datasets it depends on, otherwise keeping the given order', () => {
    const order = dependencyOrder([dataset('b', 'b', ['registry']), dataset('a', 'a', ['b', 'registry']), dataset('registry', 'registry'), dataset('c', 'c')]);
    expect(order.map((d) => d.descriptor.name)).toEqual(['registry', 'b', 'a', 'c']);
  });

  it('refuses a missing dependency, a shared name or namespace, and a cycle, naming the file', () => {
    expect(problemsOf(() => dependencyOrder([dataset('a', 'a', ['registry'])]))).toEqual([{ file: 'a/dataset.yaml', entry: 'dependencies', message: expect.stringMatching(/depends on "registry", which is not among the datasets read \(a\)/) }]);
    expect(problemsOf(() => dependencyOrder([dataset('a', 'x'), dataset('b', 'x')]))).toEqual([{ file: 'b/dataset.yaml', entry: 'namespace', message: expect.stringMatching(/"x" is already the namespace of a\/dataset.yaml; a namespace has one owner/) }]);
    expect(problemsOf(() => dependencyOrder([dataset('a', 'a'), { ...dataset('a', 'b'), file: 'other/dataset.yaml' }]))).toEqual([{ file: 'other/dataset.yaml', entry: 'name', message: expect.stringMatching(/"a" is also the name of a\/dataset.yaml; each dataset needs its own name/) }]);
    expect(problemsOf(() => dependencyOrder([dataset('a', 'a', ['b']), dataset('b', 'b', ['a'])]))).toEqual([{ file: 'a/dataset.yaml', entry: 'dependencies', message: expect.stringMatching(/dependencies form a cycle: a -> b -> a/) }]);
    expect(problemsOf(() => dependencyOrder([dataset('a', 'a', ['registry']), dataset('b', 'b')])).map((p) => p.message)).toEqual([expect.stringMatching(/which is not among the datasets read \(a, b\)/)]);
  });
});
