/**
 * The curated dataset: files of nodes and edges, each with its citations, checked
 * against the model before anything is written. Pure: the caller reads the files.
 */
import { createHash } from 'node:crypto';
import { formatLocator, parseLineRange, SourceText, type Citation } from './citations.js';
import { contextualLabels } from './labels.js';
import { InvalidDatasetError, type DatasetProblem } from './errors.js';
import { checkVisibilityRules, isPublic, parseVisibility, type Restriction, type VisibilityEntry } from './visibility.js';
import {
  EDGE_PROPERTIES,
  EDGE_TYPES,
  ID_PATTERN,
  NEVER_NOT_PRINTED,
  NODE_TYPES,
  OUTCOMES_NEEDING_REASONS,
  isEdgeType,
  isNodeType,
  typeOfId,
  type EdgeTypeName,
  type NodeTypeName,
  type PropertySpec,
} from './model.js';
import { isQualified, localIdOf, namespaceOf, resolveId } from './namespaces.js';

export type Properties = Record<string, string | number | boolean | string[]>;

export interface GraphNode {
  id: string;
  type: NodeTypeName;
  label: string;
  props: Properties;
  sources: Citation[];
  /** The dataset the node was loaded with; set on nodes read back from the table. */
  dataset?: string;
  /** Present on a restricted node (absent: public); see visibility.ts. */
  restriction?: Restriction;
}

export interface EdgeProps {
  role?: string;
  validFrom?: string;
  validTo?: string;
  observedOn?: string;
  lastObservedOn?: string;
  basis: 'stated' | 'inferred';
  rationale?: string;
  note?: string;
}

export interface GraphEdge {
  from: string;
  type: EdgeTypeName;
  to: string;
  props: EdgeProps;
  sources: Citation[];
  /** The dataset that wrote the edge; set on edges read back from the table. */
  dataset?: string;
  /** Present on a restricted edge (absent: public). */
  restriction?: Restriction;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** One parsed dataset file, as read from YAML or JSON. */
export interface DatasetFile {
  /** Path relative to the dataset folder, for messages. */
  file: string;
  content: unknown;
  /** Set when the file could not be parsed; reported as a problem of that file. */
  parseError?: string;
}

export function edgeId(edge: Pick<GraphEdge, 'from' | 'type' | 'to'>): string {
  return `${edge.from} -${edge.type}-> ${edge.to}`;
}

const NODE_RESERVED = new Set(['id', 'type', 'sources', 'visibility', 'restriction']);
const EDGE_RESERVED = new Set(['from', 'type', 'to', 'sources', 'visibility', 'restriction']);
const DATE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Checks an ISO 8601 calendar date of year, month or day precision, rejecting 2019-02-30. */
export function isValidPartialDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  if (year < 1800 || year > 2200) return false;
  if (match[2] === undefined) return true;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return false;
  if (match[3] === undefined) return true;
  const day = Number(match[3]);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth;
}

/** Compares partial dates by their earliest instant ("2019" < "2019-03"). */
function dateOrder(a: string, b: string): number {
  return a.localeCompare(b);
}

function describeValue(value: unknown): string {
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** Checks one property value against its spec; the message says what to fix, or undefined when valid. */
export function checkProperty(name: string, spec: PropertySpec, value: unknown): string | undefined {
  switch (spec.kind) {
    case 'string':
    case 'text':
      if (typeof value !== 'string' || value.trim() === '') return `"${name}" must be a non-empty string, got ${describeValue(value)}`;
      if (spec.values && !spec.values.includes(value)) return `"${name}" must be one of ${spec.values.join(', ')}; got ${describeValue(value)}`;
      return undefined;
    case 'date':
      if (typeof value !== 'string' || !isValidPartialDate(value)) return `"${name}" must be a real date written YYYY, YYYY-MM or YYYY-MM-DD (quote it in YAML); got ${describeValue(value)}`;
      return undefined;
    case 'time':
      if (typeof value !== 'string' || !TIME_PATTERN.test(value)) return `"${name}" must be a 24-hour time "HH:MM" (quoted); got ${describeValue(value)}`;
      return undefined;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `"${name}" must be a number; got ${describeValue(value)}`;
      return undefined;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `"${name}" must be a whole number; got ${describeValue(value)}`;
      return undefined;
    case 'boolean':
      if (typeof value !== 'boolean') return `"${name}" must be true or false; got ${describeValue(value)}`;
      return undefined;
    case 'string[]':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) return `"${name}" must be a list of non-empty strings; got ${describeValue(value)}`;
      return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Collector {
  problems: DatasetProblem[];
  add(file: string, entry: string, message: string): void;
}

function collector(): Collector {
  const problems: DatasetProblem[] = [];
  return { problems, add: (file, entry, message) => problems.push({ file, entry, message }) };
}

function parseSources(raw: unknown, defaultDocument: string | undefined, report: (message: string) => void): Citation[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    report('needs "sources": a list of at least one citation { quote, lines, page? }');
    return [];
  }
  const citations: Citation[] = [];
  raw.forEach((entry, index) => {
    if (!isRecord(entry)) return report(`sources[${index}] must be a mapping with quote and lines`);
    const unknown = Object.keys(entry).filter((k) => !['quote', 'lines', 'page', 'document'].includes(k));
    if (unknown.length) report(`sources[${index}] has unknown field(s) ${unknown.join(', ')}; allowed: quote, lines, page, document`);
    const document = typeof entry.document === 'string' ? entry.document : defaultDocument;
    const lines = parseLineRange(entry.lines);
    if (typeof entry.quote !== 'string' || entry.quote.trim().length < 3) return report(`sources[${index}] needs "quote": the exact words of the source (at least 3 characters)`);
    if (!lines || lines[0] > lines[1]) return report(`sources[${index}] needs "lines": a line number or range such as "215-217" in the source text; got ${describeValue(entry.lines)}`);
    if (!document) return report(`sources[${index}] names no document, and the file sets no default "document"`);
    const page = entry.page === undefined ? undefined : String(entry.page);
    citations.push({ document, quote: entry.quote, lines, ...(page ? { page } : {}) });
  });
  return citations;
}

/** A dataset this one may link to: its namespace and its built (qualified) graph. */
export interface DatasetDependency {
  /** Dataset name, for messages. */
  name: string;
  namespace: string;
  graph: Graph;
}

export interface ValidationOptions {
  /** The namespace of the dataset being built: its own ids, written unqualified, are qualified with it. */
  namespace: string;
  /** The text of each document that citations may quote, by qualified Document id (dependencies' documents included). */
  documentTexts: Map<string, string>;
  /** Datasets declared as dependencies: ids qualified with their namespaces may be linked to and cited. */
  dependencies?: readonly DatasetDependency[];
}

/**
 * Validates and assembles the dataset. Throws InvalidDatasetError listing every
 * problem (file, entry, what to fix) so a curator can fix them in one pass.
 */
export function buildGraph(files: DatasetFile[], options: ValidationOptions): Graph {
  const { problems, add } = collector();
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const nodeFile = new Map<string, string>();
  const edgeSeen = new Map<string, string>();
  const pendingEdges: Array<{ edge: GraphEdge; file: string; entry: string }> = [];
  const citationsToCheck: Array<{ citation: Citation; file: string; entry: string }> = [];
  const boundsToCheck: Array<{ bound: string; sources: Citation[]; file: string; entry: string }> = [];
  const responsesToCheck: Array<{ id: string; file: string; entry: string }> = [];
  const own = options.namespace;
  const dependencies = options.dependencies ?? [];
  const external = new Map<string, NodeTypeName>();
  for (const dependency of dependencies) for (const node of dependency.graph.nodes) external.set(node.id, node.type);
  const typeOfKnown = (id: string) => (nodeFile.has(id) ? typeOfId(id) : external.get(id));
  /**
   * Resolves an id as written in this dataset's files: own ids are written unqualified,
   * ids of a dependency qualified with its namespace. Undefined (and reported) otherwise.
   */
  const reference = (raw: string, report: (message: string) => void): string | undefined => {
    const namespace = namespaceOf(raw);
    if (namespace === undefined) return resolveId(raw, own);
    if (namespace === own) {
      report(`"${raw}" names this dataset's own namespace; write its own ids unqualified ("${localIdOf(raw)}")`);
      return undefined;
    }
    if (!dependencies.some((d) => d.namespace === namespace)) {
      const declared = dependencies.map((d) => `${d.name} (${d.namespace})`).join(', ') || 'none';
      report(`"${raw}" is in namespace "${namespace}", which is not a dependency of this dataset; add the dataset that owns "${namespace}" to "dependencies" in dataset.yaml (declared: ${declared})`);
      return undefined;
    }
    return raw;
  };
  const visibilityEntries: VisibilityEntry[] = [];
  const exemptItems = new Set<string>();

  for (const { file, content, parseError } of files) {
    if (parseError) {
      add(file, 'file', `cannot be parsed: ${parseError}`);
      continue;
    }
    if (content === null || content === undefined) continue;
    if (!isRecord(content)) {
      add(file, 'file', 'must be a mapping with optional "document", "nodes" and "edges"');
      continue;
    }
    const unknownTop = Object.keys(content).filter((k) => !['document', 'nodes', 'edges', 'description'].includes(k));
    if (unknownTop.length) add(file, 'file', `unknown top-level field(s) ${unknownTop.join(', ')}; allowed: document, description, nodes, edges`);
    const defaultDocument = typeof content.document === 'string' ? content.document : undefined;

    const rawNodes = content.nodes ?? [];
    if (!Array.isArray(rawNodes)) add(file, 'nodes', 'must be a list');
    else rawNodes.forEach((raw, index) => {
      const entry = `nodes[${index}]${isRecord(raw) && typeof raw.id === 'string' ? ` (${raw.id})` : ''}`;
      const report = (message: string) => add(file, entry, message);
      if (!isRecord(raw)) return report('must be a mapping');
      const { id, type } = raw;
      if (typeof type !== 'string' || !isNodeType(type)) return report(`unknown node type ${describeValue(type)}; use one of ${Object.keys(NODE_TYPES).join(', ')}`);
      const spec = NODE_TYPES[type];
      if (typeof id === 'string' && isQualified(id)) return report(`"id" is written unqualified: a dataset defines nodes of its own namespace only, and the build adds "${own}/"; got ${describeValue(id)}`);
      if (typeof id !== 'string' || !ID_PATTERN.test(id)) return report(`"id" must look like "${spec.prefix}:some-readable-slug" (lower case, digits, dots and hyphens); got ${describeValue(id)}`);
      if (typeOfId(id) !== type) return report(`id "${id}" must start with "${spec.prefix}:" for type ${type}`);
      const qualifiedId = resolveId(id, own);
      const previous = nodeFile.get(qualifiedId);
      if (previous) return report(`duplicate id "${id}", first defined in ${previous}; merge the two entries (keep both sources)`);
      nodeFile.set(qualifiedId, file);

      const props: Properties = {};
      for (const [name, value] of Object.entries(raw)) {
        if (NODE_RESERVED.has(name)) continue;
        const propertySpec = (spec.properties as Record<string, PropertySpec>)[name];
        if (!propertySpec) {
          report(`unknown property "${name}" for ${type}; allowed: ${Object.keys(spec.properties).join(', ')}`);
          continue;
        }
        const problem = checkProperty(name, propertySpec, value);
        if (problem) report(problem);
        else props[name] = value as Properties[string];
      }
      const notPrinted = checkNotPrinted(type, raw, props, report);
      for (const [name, propertySpec] of Object.entries(spec.properties as Record<string, PropertySpec>)) {
        if (propertySpec.required && raw[name] === undefined && !notPrinted.has(name)) report(`missing required property "${name}" (${propertySpec.description})`);
      }
      if (type === 'ProgressUpdate') checkProgressDate(raw, props, notPrinted, report);
      if (type === 'Response') checkResponse(props, notPrinted, report);
      if (type === 'Document') checkProvenance(qualifiedId, props, options.documentTexts.get(qualifiedId), report);
      if (props.statusBasis !== undefined && props.status === undefined) report('"statusBasis" says how a status was read, so it needs "status"');
      if (props.statusBasis === 'inferred' && !props.statusRationale) report('a status read by a curator ("statusBasis: inferred") needs a "statusRationale": one line on why');
      checkPeriod(props, 'periodStart', 'periodEnd', report);
      checkPeriod(props, 'date', 'endDate', report);
      checkPeriod(props, 'startDate', 'endDate', report);
      const sources = parseSources(raw.sources, defaultDocument, report);
      const cited = resolveCitations(sources, reference, report);
      cited.forEach((citation) => citationsToCheck.push({ citation, file, entry }));
      if (type === 'ProgressUpdate' && props.notLaterThan !== undefined) boundsToCheck.push({ bound: String(props.notLaterThan), sources: cited, file, entry });
      if (type === 'Response') responsesToCheck.push({ id: qualifiedId, file, entry });
      const { restricted, restriction } = parseVisibility(raw, 'node', report);
      if (props.exemptInformation === true) exemptItems.add(qualifiedId);
      const node: GraphNode = { id: qualifiedId, type, label: spec.label(props), props, sources: cited, ...(restriction ? { restriction } : {}) };
      visibilityEntries.push({ file, entry, kind: 'node', id: qualifiedId, label: node.label, texts: Object.values(props).filter((v): v is string => typeof v === 'string'), sources: cited, restricted });
      nodes.push(node);
    });

    const rawEdges = content.edges ?? [];
    if (!Array.isArray(rawEdges)) add(file, 'edges', 'must be a list');
    else rawEdges.forEach((raw, index) => {
      const entry = `edges[${index}]${isRecord(raw) ? ` (${String(raw.from)} -${String(raw.type)}-> ${String(raw.to)})` : ''}`;
      const report = (message: string) => add(file, entry, message);
      if (!isRecord(raw)) return report('must be a mapping with from, type, to and sources');
      const { from, type, to } = raw;
      if (typeof type !== 'string' || !isEdgeType(type)) return report(`unknown edge type ${describeValue(type)}; use one of ${Object.keys(EDGE_TYPES).join(', ')}`);
      if (typeof from !== 'string' || typeof to !== 'string') return report('"from" and "to" must be node ids');
      const fromId = reference(from, report);
      const toId = reference(to, report);
      if (fromId === undefined || toId === undefined) return;
      if (fromId === toId) return report('an edge cannot join a node to itself');
      if (namespaceOf(fromId) !== own && namespaceOf(toId) !== own) return report(`an edge joins at least one node of this dataset; a link between two nodes of "${namespaceOf(fromId)}"${namespaceOf(fromId) === namespaceOf(toId) ? '' : ` and "${namespaceOf(toId)}"`} belongs in the dataset that owns them`);
      const props: EdgeProps = { basis: 'stated' };
      for (const [name, value] of Object.entries(raw)) {
        if (EDGE_RESERVED.has(name)) continue;
        const propertySpec = EDGE_PROPERTIES[name];
        if (!propertySpec) {
          report(`unknown edge property "${name}"; allowed: ${Object.keys(EDGE_PROPERTIES).join(', ')}`);
          continue;
        }
        const problem = checkProperty(name, propertySpec, value);
        if (problem) report(problem);
        else (props as unknown as Record<string, unknown>)[name] = value;
      }
      if (props.basis === 'inferred' && !props.rationale) report('an inferred edge needs a "rationale": one line on why the link is drawn');
      checkPeriod(props as unknown as Properties, 'validFrom', 'validTo', report);
      checkPeriod(props as unknown as Properties, 'observedOn', 'lastObservedOn', report);
      if (props.lastObservedOn && !props.observedOn) report('"lastObservedOn" needs "observedOn", the date of the earliest source');
      const sources = resolveCitations(parseSources(raw.sources, defaultDocument, report), reference, report);
      sources.forEach((citation) => citationsToCheck.push({ citation, file, entry }));
      const { restricted, restriction } = parseVisibility(raw, 'edge', report);
      const edge: GraphEdge = { from: fromId, type, to: toId, props, sources, ...(restriction ? { restriction } : {}) };
      visibilityEntries.push({ file, entry, kind: 'edge', from: fromId, to: toId, edgeType: type, texts: [props.role, props.rationale, props.note].filter((v): v is string => typeof v === 'string'), sources, restricted });
      const key = edgeId(edge);
      const previous = edgeSeen.get(key);
      if (previous) return report(`duplicate edge, first defined in ${previous}; merge the two entries`);
      edgeSeen.set(key, `${file} ${entry}`);
      pendingEdges.push({ edge, file, entry });
    });
  }

  // Edges are checked once every file's nodes are known, so files may refer to each other.
  for (const { edge, file, entry } of pendingEdges) {
    const spec = EDGE_TYPES[edge.type];
    const fromType = typeOfKnown(edge.from);
    const toType = typeOfKnown(edge.to);
    let ok = true;
    if (!fromType) { add(file, entry, `"from" refers to "${edge.from}", which ${undefinedWhere(edge.from, own)}`); ok = false; }
    if (!toType) { add(file, entry, `"to" refers to "${edge.to}", which ${undefinedWhere(edge.to, own)}`); ok = false; }
    if (fromType && !(spec.from as readonly string[]).includes(fromType)) { add(file, entry, `${edge.type} cannot start at a ${fromType}; it starts at ${spec.from.join(' or ')}`); ok = false; }
    if (toType && !(spec.to as readonly string[]).includes(toType)) { add(file, entry, `${edge.type} cannot end at a ${toType}; it ends at ${spec.to.join(' or ')}`); ok = false; }
    if (ok) edges.push(edge);
  }

  // A response says what it answers.
  const answered = new Set(edges.filter((e) => e.type === 'RESPONDS_TO').map((e) => e.from));
  for (const { id, file, entry } of responsesToCheck) {
    if (!answered.has(id)) add(file, entry, `a Response must say what it answers: add a RESPONDS_TO edge from "${id}" to the recommendation or resolution`);
  }

  // Undated progress is bounded by the date of a document that reports it, never by a guess.
  const nodeById = new Map([...dependencies.flatMap((d) => d.graph.nodes), ...nodes].map((n) => [n.id, n]));
  for (const { bound, sources, file, entry } of boundsToCheck) {
    const dated = [...new Set(sources.map((c) => c.document))].map((doc) => ({ doc, date: nodeById.get(doc)?.props.date }));
    if (dated.some((d) => d.date === bound)) continue;
    const known = dated.filter((d) => typeof d.date === 'string').map((d) => `${d.doc} is dated ${String(d.date)}`);
    add(file, entry, `"notLaterThan" (${bound}) must be the date of a document the progress cites (${known.length ? known.join('; ') : 'none of its cited documents has a "date"'}); the bound is the reporting document's date, never a guess`);
  }

  // Citations must name a registered document and quote it at the locator.
  const texts = new Map<string, SourceText>();
  for (const { citation, file, entry } of citationsToCheck) {
    if (typeOfKnown(citation.document) !== 'Document') {
      add(file, entry, `cites "${citation.document}", which is not a Document node of the dataset or of a dependency`);
      continue;
    }
    const raw = options.documentTexts.get(citation.document);
    if (raw === undefined) {
      add(file, entry, `cites "${citation.document}", whose text is not available (give the Document a "path" to text written for the project, or a "textFile" and "sha256" for third-party text kept outside it)`);
      continue;
    }
    let source = texts.get(citation.document);
    if (!source) texts.set(citation.document, (source = new SourceText(raw)));
    if (citation.lines[1] > source.lines.length) {
      add(file, entry, `${formatLocator(citation)} is past the end of ${citation.document} (${source.lines.length} lines)`);
      continue;
    }
    const where = source.locate(citation.quote, citation.lines);
    if (where === 'elsewhere') {
      const found = source.findLines(citation.quote);
      add(file, entry, `quote "${citation.quote.slice(0, 60)}" is not at ${formatLocator(citation)}; it is at lines ${found.join(' or ') || '?'} (the range must cover every line the quote spans)`);
    } else if (where === 'absent') {
      add(file, entry, `quote "${citation.quote.slice(0, 60)}" does not appear in ${citation.document}; copy the words exactly (spelling, punctuation and curly quotes included)`);
    }
  }

  // Restricted information stays out of the public graph (rules in visibility.ts). A
  // dependency's restricted entries and exempt items bind this dataset's public entries too.
  for (const dependency of dependencies) {
    for (const node of dependency.graph.nodes) {
      if (node.props.exemptInformation === true) exemptItems.add(node.id);
      if (node.restriction) visibilityEntries.push({ file: dependency.name, entry: node.id, kind: 'node', id: node.id, label: node.label, sources: node.sources, restricted: true, external: true });
    }
    for (const edge of dependency.graph.edges) {
      if (edge.restriction) visibilityEntries.push({ file: dependency.name, entry: edgeId(edge), kind: 'edge', from: edge.from, to: edge.to, edgeType: edge.type, sources: edge.sources, restricted: true, external: true });
    }
  }
  checkVisibilityRules(visibilityEntries, exemptItems, (at, message) => add(at.file, at.entry, message));

  if (problems.length) throw new InvalidDatasetError(problems);
  // A public node's label is drawn from the public graph alone (a dependency's public nodes
  // included: a post of a registry body names the body), so it is the same whether or not
  // restricted nodes are loaded beside it; a restricted node's may use everything.
  const dependencyNodes = dependencies.flatMap((d) => d.graph.nodes);
  const publicLabels = contextualLabels([...nodes, ...dependencyNodes].filter(isPublic), edges.filter(isPublic));
  const fullLabels = contextualLabels([...nodes, ...dependencyNodes], edges);
  for (const node of nodes) node.label = (isPublic(node) ? publicLabels : fullLabels).get(node.id) ?? node.label;
  return { nodes, edges };
}

/**
 * `notPrinted: [number, date]` says the source leaves these properties out. It may name
 * a property the type has, that is printed text (not a curator's closed value), that has
 * no value here; a required property only where the model allows it. Returns the names.
 */
function checkNotPrinted(type: NodeTypeName, raw: Record<string, unknown>, props: Properties, report: (message: string) => void): Set<string> {
  const names = new Set<string>();
  const listed = props.notPrinted;
  if (!Array.isArray(listed)) return names;
  const specs = NODE_TYPES[type].properties as Record<string, PropertySpec>;
  for (const name of listed) {
    const spec = specs[name];
    if (names.has(name)) {
      report(`"notPrinted" lists "${name}" twice; list each property once`);
      continue;
    }
    names.add(name);
    if (!spec || NEVER_NOT_PRINTED.has(name)) {
      const printable = Object.entries(specs).filter(([n, s]) => !NEVER_NOT_PRINTED.has(n) && !s.values && s.kind !== 'boolean' && s.kind !== 'string[]' && (!s.required || s.mayBeNotPrinted)).map(([n]) => n);
      report(`"notPrinted" names "${name}", which is not a property the source could print for ${type}; it lists properties the document leaves out: ${printable.join(', ')}`);
    } else if (type === 'ProgressUpdate' && name === 'asAt') {
      report('progress with no printed date is written "dateBasis: document-date" with "notLaterThan" (the reporting document\'s date), not "notPrinted: [asAt]"');
    } else if (spec.values || spec.kind === 'boolean' || spec.kind === 'string[]') {
      report(`"${name}" is a curator's reading of the source, not printed text, so it cannot be "not printed"; give a value or leave it out`);
    } else if (spec.required && !spec.mayBeNotPrinted) {
      report(`"${name}" is required for ${type} and cannot be "not printed"; a ${type} the source gives no ${name} for cannot be recorded`);
    } else if (raw[name] !== undefined) {
      report(`"${name}" has a value and is listed in "notPrinted"; keep one: the value as printed, or "notPrinted" where the source prints none`);
    }
  }
  return names;
}

/** A progress update is dated as printed (`asAt`), or undated and bounded by its document's date. */
function checkProgressDate(raw: Record<string, unknown>, props: Properties, notPrinted: Set<string>, report: (message: string) => void): void {
  const undated = props.dateBasis === 'document-date';
  if (undated) {
    if (raw.asAt !== undefined) report('"asAt" is a printed date, but "dateBasis: document-date" says the source prints none; remove one');
    if (raw.notLaterThan === undefined) report('"dateBasis: document-date" needs "notLaterThan": the date of the cited document that reports the progress');
    return;
  }
  if (raw.notLaterThan !== undefined) report('"notLaterThan" bounds undated progress only; add "dateBasis: document-date" and remove "asAt", or remove "notLaterThan"');
  if (raw.asAt === undefined && !notPrinted.has('asAt')) {
    report('missing required property "asAt" (when the progress was reported); where the source prints no date for it, write "dateBasis: document-date" and "notLaterThan": the date of the document that reports it');
  }
}

/** A response that is not a plain yes gives the source's reasons, or says they are not printed. */
function checkResponse(props: Properties, notPrinted: Set<string>, report: (message: string) => void): void {
  const outcome = String(props.outcome ?? '');
  if (OUTCOMES_NEEDING_REASONS.has(outcome) && props.reasons === undefined && !notPrinted.has('reasons')) {
    report(`a response "${outcome}" needs "reasons" in the source's words, or "notPrinted: [reasons]" where the source gives none`);
  }
}

const URL_PATTERN = /^https?:\/\/[^\s/]+\S*$/;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** A file name without folders: a `textFile` is looked up by name, never by a path that could leave the search folders. */
export function isBareFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name);
}

export function sha256Of(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Where a document came from: an http(s) url, when it was retrieved, and the hash of the text cited. */
function checkProvenance(id: string, props: Properties, text: string | undefined, report: (message: string) => void): void {
  if (props.url !== undefined && !URL_PATTERN.test(String(props.url))) report(`"url" must be an http or https address such as "https://council.example/page"; got ${describeValue(props.url)}`);
  if (props.retrieved !== undefined && props.url === undefined) report('"retrieved" is when the document was fetched from its "url"; give the "url"');
  if (props.format === 'web-page' && (props.url === undefined || props.retrieved === undefined)) {
    report('a web page changes, so "format: web-page" needs "url" and "retrieved" (when it was read)');
  }
  if (props.textFile !== undefined) {
    const file = String(props.textFile);
    if (props.path !== undefined) report('give the text either as "path" (written for the project, kept in it) or as "textFile" (third-party, kept outside it), not both');
    if (!isBareFileName(file)) report(`"textFile" is a file name looked up on the sources search path, without folders; got ${describeValue(props.textFile)}`);
    if (props.sha256 === undefined) report('"textFile" needs "sha256" (sha256sum of the text): the file is found outside the project, and only the text the citations were checked against may be used');
  }
  if (props.sha256 === undefined) return;
  const hash = String(props.sha256);
  if (!SHA256_PATTERN.test(hash)) {
    report(`"sha256" must be 64 lower-case hex digits (sha256sum of the text at "path" or "textFile"); got ${describeValue(hash)}`);
  } else if (text !== undefined && sha256Of(text) !== hash) {
    report(`"sha256" does not match the text of ${id} (its sha256 is ${sha256Of(text)}); the text changed since it was recorded, or the hash is wrong`);
  }
}

/** Citations with their documents resolved like any other id of the file (own unqualified, dependencies' qualified). */
function resolveCitations(citations: Citation[], reference: (raw: string, report: (message: string) => void) => string | undefined, report: (message: string) => void): Citation[] {
  const resolved: Citation[] = [];
  for (const citation of citations) {
    const document = reference(citation.document, report);
    if (document !== undefined) resolved.push({ ...citation, document });
  }
  return resolved;
}

function undefinedWhere(id: string, own: string): string {
  const namespace = namespaceOf(id);
  return namespace === own ? 'no file of this dataset defines' : `the dataset of namespace "${namespace}" does not define`;
}

function checkPeriod(props: Properties, startKey: string, endKey: string, report: (message: string) => void): void {
  const start = props[startKey];
  const end = props[endKey];
  if (typeof start === 'string' && typeof end === 'string' && dateOrder(start, end) > 0) {
    report(`"${startKey}" (${start}) is after "${endKey}" (${end})`);
  }
}

/**
 * `localeCompare`'s order (the default locale's collation), with the collator built once,
 * on first use: building it loads the locale's collation data, about 5 ms that a Lambda
 * cold start answering a request that sorts nothing should not pay.
 */
let collator: Intl.Collator | undefined;

/** A stable sort by a string key computed once per item, not once per comparison. */
function sortedByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ key: key(item), item }));
  const { compare } = (collator ??= new Intl.Collator());
  keyed.sort((a, b) => compare(a.key, b.key));
  return keyed.map(({ item }) => item);
}

/**
 * Sorted copy, so two builds of the same data compare and hash equal: nodes by id and
 * edges by `edgeId`, in `localeCompare` order (a graph of a million edges sorts in
 * seconds).
 */
export function canonicalGraph(graph: Graph): Graph {
  return { nodes: sortedByKey(graph.nodes, (node) => node.id), edges: sortedByKey(graph.edges, edgeId) };
}
