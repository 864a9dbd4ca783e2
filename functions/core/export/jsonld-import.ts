/**
 * Reads a JSON-LD export (the format `jsonld.ts` writes) back into a Graph: the same
 * ids, types, labels, properties and citations. Pure: the caller reads the file.
 * Values are checked against the model so a hand-edited file cannot smuggle in
 * properties the graph does not have; every problem is listed at once.
 */
import type { Citation } from '../citations.js';
import { checkProperty, edgeId, type EdgeProps, type Graph, type GraphEdge, type GraphNode, type Properties } from '../dataset.js';
import { BadInputError } from '../errors.js';
import { NAMESPACE_PATTERN, namespaceOf } from '../namespaces.js';
import { EDGE_PROPERTIES, NODE_TYPES, basisFromPublished, isEdgeType, isNodeType, typeOfId, type PropertySpec } from '../model.js';
import { DERIVED_NODE_TERMS, EDGE_STRUCTURE_KEYS, EXTRA_NODE_TYPES, idFromNodeRef, JSONLD_CONTEXT, type ExportedDatasetInfo } from './jsonld.js';

export interface ImportedGraph {
  /** Nodes and edges, each with the dataset whose named graph held it (none in a file of one unnamed graph). */
  graph: Graph;
  /** The first dataset the file records, when it records one. */
  dataset?: ExportedDatasetInfo;
  /** Every dataset the file records, in file order. */
  datasets: ExportedDatasetInfo[];
}

/** A node id of the type (its local part well formed), qualified with a well-formed namespace (`luton/meeting:x`). */
function isNodeIdOf(id: string, type: string): boolean {
  const namespace = namespaceOf(id);
  return namespace !== undefined && NAMESPACE_PATTERN.test(namespace) && typeOfId(id) === type;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const describe = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 80));

function typesOf(element: Record<string, unknown>): string[] {
  const type = element['@type'];
  if (type === undefined) return [];
  return Array.isArray(type) ? type.map(String) : [String(type)];
}

const DATE_TYPES: Record<string, RegExp> = {
  'xsd:gYear': /^\d{4}$/,
  'xsd:gYearMonth': /^\d{4}-\d{2}$/,
  'xsd:date': /^\d{4}-\d{2}-\d{2}$/,
};
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A property value as the model holds it, undoing what `jsonLdValue` wrote: a typed
 * partial date becomes its string, an xsd:decimal its number, a published basis the
 * model's value. Anything else is returned as it is, for `checkProperty` to judge.
 */
function modelValue(name: string, spec: PropertySpec, value: unknown, report: (message: string) => void): unknown {
  if (spec.kind === 'date' && isRecord(value)) {
    const { '@value': lexical, '@type': type } = value;
    const pattern = typeof type === 'string' ? DATE_TYPES[type] : undefined;
    if (typeof lexical !== 'string' || !pattern?.test(lexical)) {
      report(`"${name}" must be a date string, or {"@value", "@type"} with xsd:gYear (YYYY) or xsd:gYearMonth (YYYY-MM); got ${describe(value)}`);
      return undefined;
    }
    return lexical;
  }
  if (spec.kind === 'number' && typeof value === 'string') {
    if (!DECIMAL.test(value)) {
      report(`"${name}" must be an xsd:decimal such as "43" or "8.5"; got ${describe(value)}`);
      return undefined;
    }
    return Number(value);
  }
  if (name === 'basis' && value !== undefined) {
    const basis = basisFromPublished(value);
    if (!basis) report(`"basis" must be STATED or INFERRED; got ${describe(value)}`);
    return basis;
  }
  return value;
}

export function parseJsonLdExport(document: unknown): ImportedGraph {
  const problems: string[] = [];
  if (!isRecord(document)) throw new BadInputError('A JSON-LD export must be a JSON object with "@context" and "@graph"; this file is not an object.');
  const context = document['@context'];
  if (!isRecord(context)) {
    throw new BadInputError(
      typeof context === 'string' || Array.isArray(context)
        ? 'The file\'s "@context" is a reference, not inline; only this project\'s own exports (with an inline context) can be imported, and nothing is fetched.'
        : 'The file has no inline "@context"; import a file written by `npm run export -- --format jsonld`.',
    );
  }
  if (typeof context.sg === 'string' && context.sg !== JSONLD_CONTEXT.sg) {
    throw new BadInputError(
      `The file's own vocabulary is ${context.sg}, not ${String(JSONLD_CONTEXT.sg)}: it was written by another version of the exporter (or another tool), whose terms differ. Export the graph again with this version (npm run export -- --format jsonld) and import that file.`,
    );
  }
  for (const [term, definition] of Object.entries(context)) {
    const ours = JSONLD_CONTEXT[term];
    if (ours !== undefined && JSON.stringify(ours) !== JSON.stringify(definition)) {
      problems.push(`@context: term "${term}" means ${describe(definition)} in the file but ${describe(ours)} here; the file was not written by this exporter or was edited`);
    }
  }
  const elements = document['@graph'];
  if (!Array.isArray(elements)) throw new BadInputError('The file has no "@graph" list of nodes and relationships.');

  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const nodeIds = new Set<string>();
  const edgeIds = new Set<string>();
  const datasets: ExportedDatasetInfo[] = [];

  const parseSources = (raw: unknown, report: (message: string) => void): Citation[] => {
    if (!Array.isArray(raw)) {
      report('"sources" must be a list of citations');
      return [];
    }
    const citations: Citation[] = [];
    raw.forEach((entry, index) => {
      if (!isRecord(entry)) return report(`sources[${index}] must be an object`);
      const { quote, firstLine, lastLine, page } = entry;
      const primarySource = typeof entry.primarySource === 'string' ? idFromNodeRef(entry.primarySource) : undefined;
      if (typeof primarySource !== 'string' || typeof quote !== 'string' || !Number.isInteger(firstLine) || !Number.isInteger(lastLine)) {
        return report(`sources[${index}] needs primarySource (a document id, "node:<id>"), quote, firstLine and lastLine`);
      }
      if (page !== undefined && typeof page !== 'string') return report(`sources[${index}].page must be a string`);
      citations.push({ document: primarySource, quote, lines: [firstLine as number, lastLine as number], ...(page !== undefined ? { page } : {}) });
    });
    return citations;
  };

  /** A dataset's description: what `jsonLdDatasetObject` wrote. */
  const datasetInfo = (element: Record<string, unknown>, report: (message: string) => void): ExportedDatasetInfo | undefined => {
    if (typeof element.datasetName !== 'string' || element.datasetName === '') {
      report('a dataset needs "datasetName"');
      return undefined;
    }
    const council = isRecord(element.council) && typeof element.council.name === 'string' ? element.council : undefined;
    return {
      name: element.datasetName,
      ...(typeof element.datasetVersion === 'string' ? { version: element.datasetVersion } : {}),
      ...(typeof element.title === 'string' ? { title: element.title } : {}),
      ...(typeof element.namespace === 'string' ? { namespace: element.namespace } : {}),
      ...(council ? { council: { name: council.name as string, ...(typeof council.onsCode === 'string' ? { onsCode: council.onsCode } : {}) } } : {}),
      ...(typeof element.fictional === 'boolean' ? { fictional: element.fictional } : {}),
      ...(Array.isArray(element.dependencies) && element.dependencies.every((d) => typeof d === 'string') ? { dependencies: element.dependencies as string[] } : {}),
    };
  };

  const readElements = (list: unknown[], at: string, inDataset: ExportedDatasetInfo | undefined) => list.forEach((element, index) => {
    const where = `${at}[${index}]${isRecord(element) && typeof element['@id'] === 'string' ? ` (${element['@id']})` : ''}`;
    const report = (message: string) => problems.push(`${where}: ${message}`);
    if (!isRecord(element)) return report('must be an object');
    const types = typesOf(element);
    const ref = element['@id'];
    const id = typeof ref === 'string' ? idFromNodeRef(ref) : undefined;

    if (types.includes('ExportedDataset')) {
      const info = datasetInfo(element, report);
      if (!info) return;
      if (datasets.some((d) => d.name === info.name)) return report(`dataset "${info.name}" appears twice`);
      datasets.push(info);
      const graph = element['@graph'];
      if (graph === undefined) return;
      if (inDataset !== undefined) return report('a dataset\'s graph cannot hold another dataset');
      if (!Array.isArray(graph)) return report('"@graph" must be a list of nodes and relationships');
      return readElements(graph, `dataset "${info.name}" @graph`, info);
    }
    const tag = inDataset !== undefined ? { dataset: inDataset.name } : {};

    if (types.includes('Relationship')) {
      const { relationshipType: type } = element;
      const from = typeof element.from === 'string' ? idFromNodeRef(element.from) : undefined;
      const to = typeof element.to === 'string' ? idFromNodeRef(element.to) : undefined;
      if (typeof type !== 'string' || !isEdgeType(type)) return report(`unknown relationshipType ${describe(type)}`);
      if (from === undefined || to === undefined) return report('"from" and "to" must be node ids written "node:<id>"');
      const props: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(element)) {
        if (EDGE_STRUCTURE_KEYS.has(name)) continue;
        const spec = EDGE_PROPERTIES[name];
        if (!spec) {
          report(`unknown relationship property "${name}"; allowed: ${Object.keys(EDGE_PROPERTIES).join(', ')}`);
          continue;
        }
        const reported = problems.length;
        const decoded = modelValue(name, spec, value, report);
        if (problems.length > reported) continue;
        const problem = checkProperty(name, spec, decoded);
        if (problem) report(problem);
        else props[name] = decoded;
      }
      if (props.basis === undefined) props.basis = 'stated';
      const edge: GraphEdge = { from, type, to, props: props as unknown as EdgeProps, sources: parseSources(element.sources, report), ...tag };
      const key = edgeId(edge);
      if (edgeIds.has(key)) return report(`relationship ${key} appears twice`);
      edgeIds.add(key);
      edges.push(edge);
      return;
    }

    if (types.length === 0) return; // A direct statement (org:holds, ...) that restates a relationship: nothing new.

    const type = types.find(isNodeType);
    const expected = type ? [type, ...(EXTRA_NODE_TYPES[type] ? [EXTRA_NODE_TYPES[type]] : [])] : [];
    if (!type || JSON.stringify(types) !== JSON.stringify(expected)) {
      return report(`@type ${describe(element['@type'])} is not one node type of the model${type ? ` (a ${type} is written ${describe(expected.length === 1 ? expected[0] : expected)})` : ''}`);
    }
    if (typeof id !== 'string' || !isNodeIdOf(id, type)) return report(`"@id" must be a ${type} id like "node:<namespace>/${NODE_TYPES[type].prefix}:some-slug"`);
    // A dataset holds only nodes of its own namespace (as a load would refuse to write any other).
    if (inDataset?.namespace && namespaceOf(id) !== inDataset.namespace) {
      return report(`a node of namespace "${namespaceOf(id)}" cannot be in dataset "${inDataset.name}", whose namespace is "${inDataset.namespace}"`);
    }
    if (nodeIds.has(id)) return report('node appears twice');
    if (typeof element.label !== 'string') return report('"label" must be a string');
    const specs = NODE_TYPES[type].properties as Record<string, PropertySpec>;
    const props: Properties = {};
    for (const [name, value] of Object.entries(element)) {
      if (name === '@id' || name === '@type' || name === 'label' || name === 'sources' || DERIVED_NODE_TERMS.has(name)) continue;
      const spec = specs[name];
      if (!spec) {
        report(`unknown property "${name}" for ${type}`);
        continue;
      }
      const reported = problems.length;
      const decoded = modelValue(name, spec, value, report);
      if (problems.length > reported) continue;
      const problem = checkProperty(name, spec, decoded);
      if (problem) report(problem);
      else props[name] = decoded as Properties[string];
    }
    nodeIds.add(id);
    nodes.push({ id, type, label: element.label, props, sources: parseSources(element.sources, report), ...tag });
  });
  readElements(elements, '@graph', undefined);

  for (const edge of edges) {
    for (const end of [edge.from, edge.to]) {
      if (!nodeIds.has(end)) problems.push(`relationship ${edgeId(edge)}: refers to node "${end}", which the file does not contain`);
    }
  }
  if (problems.length) {
    throw new BadInputError(
      `The JSON-LD file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported:\n` +
        problems.slice(0, 30).map((p) => `  ${p}`).join('\n') +
        (problems.length > 30 ? `\n  ... and ${problems.length - 30} more` : ''),
      { problems },
    );
  }
  return { graph: { nodes, edges }, ...(datasets[0] ? { dataset: datasets[0] } : {}), datasets };
}
