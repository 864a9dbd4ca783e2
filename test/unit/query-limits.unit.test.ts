import { buildSchema, getIntrospectionQuery, isInterfaceType, isObjectType, Kind, parse, specifiedRules, validate, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_TRACE_EDGES, MAX_TRACE_NODES } from '../../functions/core/trace.js';
import { NODE_TYPE_NAMES } from '../../functions/core/model.js';
import { STARTER_QUERY } from '../../functions/graphiql/starter-query.js';
import { MAX_CHAIN_HOPS, MAX_CHAINS } from '../../functions/core/delivery.js';
import { queryOfCost, queryOfDepth } from '../fixtures/query-shapes.js';
import { DELIVERY_CHAINS_COST, MAX_ALIASES, MAX_QUERY_COST, MAX_QUERY_DEPTH, MAX_SEARCHES, measureOperation, QUERY_LIMITS, queryLimitsRule, SEARCH_COST_PER_TYPE, TRACKER_COST, UNPAGED_LIST_SIZE } from '../../functions/graphql/limits.js';

const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));

function measured(query: string) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  return measureOperation(schema, operation, (name) => fragments.get(name));
}

function codes(query: string, limits = QUERY_LIMITS): unknown[] {
  return validate(schema, parse(query), [...specifiedRules, queryLimitsRule(limits)]).map((e) => e.extensions?.code ?? e.message);
}

/** `levels` fragments, each spreading the next twice; the last selects `leaf`. */
function doublingFragments(levels: number, leaf = 'id'): string {
  let query = '{ node(id: "luton/operation:octans") { ...F0 } }';
  for (let i = 0; i < levels; i++) query += ` fragment F${i} on Node { ...F${i + 1} ...F${i + 1} }`;
  return `${query} fragment F${levels} on Node { ${leaf} }`;
}

/** The same query with every spread written out in place. */
function expanded(levels: number, leaf = 'id'): string {
  const body = (level: number): string => (level === levels ? leaf : `${body(level + 1)} ${body(level + 1)}`);
  return `{ node(id: "luton/operation:octans") { ... on Node { ${body(0)} } } }`;
}

const aliasedTraces = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: trace(from: "luton/plan:p", maxDepth: 1) { depthReached }`).join(' ')} }`;

describe('the fragment bomb', () => {
  it('is refused as too costly: 24 doublings cost 2^24 leaves', () => {
    const query = doublingFragments(24);
    expect(query.length).toBeLessThan(1_000);
    expect(codes(query)).toEqual(['QUERY_TOO_COSTLY']);
    expect(measured(query).cost).toBe(1 + 2 ** 24);
  });

  it('is measured by looking at each selection of the document once, not at its expansion', () => {
    // 24 fragments of two spreads, the last with one field, and the operation's two selections.
    expect(measured(doublingFragments(24)).visits).toBe(2 + 24 * 2 + 1);
    expect(measured(doublingFragments(48)).visits).toBe(2 + 48 * 2 + 1);
  });

  it('costs exactly what the same query written out in full costs', () => {
    const leaf = 'a: id sources { quote }';
    const viaFragments = measured(doublingFragments(6, leaf));
    const inline = measured(expanded(6, leaf));
    expect({ cost: viaFragments.cost, aliases: viaFragments.aliases, depth: viaFragments.depth }).toEqual({ cost: inline.cost, aliases: inline.aliases, depth: inline.depth });
    expect(viaFragments.aliases).toBe(64);
  });
});

describe('depth', () => {
  const nested = (levels: number) => `{ node(id: "luton/person:p") { ${'relationships { from { '.repeat((levels - 2) / 2)}id${' } }'.repeat((levels - 2) / 2)} } }`;

  it(`accepts a query ${MAX_QUERY_DEPTH} levels deep and refuses one level more`, () => {
    expect(measured(nested(MAX_QUERY_DEPTH)).depth).toBe(MAX_QUERY_DEPTH);
    expect(codes(nested(MAX_QUERY_DEPTH), { ...QUERY_LIMITS, maxCost: Number.POSITIVE_INFINITY })).toEqual([]);
    expect(codes(nested(MAX_QUERY_DEPTH + 2).replace('{ id }', '{ __typename }'), { ...QUERY_LIMITS, maxDepth: MAX_QUERY_DEPTH + 1 })).toEqual(['QUERY_TOO_DEEP']);
    expect(codes(`{ node(id: "luton/person:p") { ${'relationships { from { '.repeat(5)}relationships { type }${' } }'.repeat(5)} } }`, { ...QUERY_LIMITS, maxCost: Number.POSITIVE_INFINITY })).toEqual(['QUERY_TOO_DEEP']);
  });

  it('counts introspection levels, except the ofType chain that unwraps lists', () => {
    expect(measured('{ __schema { types { fields { type { fields { type { name } } } } } } }').depth).toBe(7);
    expect(measured('{ __type(name: "Trace") { fields { type { ofType { ofType { ofType { name } } } } } } }').depth).toBe(4);
  });
});

describe('aliases', () => {
  it(`accepts ${MAX_ALIASES} aliases and refuses ${MAX_ALIASES + 1} with QUERY_TOO_MANY_ALIASES`, () => {
    expect(codes(aliasedTraces(MAX_ALIASES))).toEqual([]);
    expect(codes(aliasedTraces(MAX_ALIASES + 1))).toEqual(['QUERY_TOO_MANY_ALIASES']);
  });

  it('counts an alias inside a fragment each time the fragment is spread', () => {
    const query = `{ node(id: "luton/plan:p") { ...A ...A } } fragment A on Node { ${Array.from({ length: 11 }, (_, i) => `l${i}: label`).join(' ')} }`;
    expect(measured(query).aliases).toBe(22);
    expect(codes(query)).toEqual(['QUERY_TOO_MANY_ALIASES']);
  });
});

describe('cost', () => {
  it('accepts a query at the cost limit and refuses it one below', () => {
    const query = '{ nodes(type: PERSON, first: 100) { nodes { id relationships { type } } } }';
    const { cost } = measured(query);
    expect(codes(query, { ...QUERY_LIMITS, maxCost: cost })).toEqual([]);
    expect(codes(query, { ...QUERY_LIMITS, maxCost: cost - 1 })).toEqual(['QUERY_TOO_COSTLY']);
  });

  it('prices a trace\'s nodes and edges by its own limits, and its paths by its maxDepth', () => {
    expect(measured('{ trace(from: "luton/plan:p") { nodes { id } } }').cost).toBe(1 + (1 + MAX_TRACE_NODES));
    expect(measured('{ trace(from: "luton/plan:p") { edges { type } } }').cost).toBe(1 + (1 + MAX_TRACE_EDGES));
    expect(measured('{ trace(from: "luton/plan:p", maxDepth: 10) { paths } }').cost).toBe(1 + MAX_TRACE_NODES * 11);
    expect(measured('{ trace(from: "luton/plan:p", maxDepth: 1) { paths } }').cost).toBe(1 + MAX_TRACE_NODES * 2);
    // A variable maxDepth counts as the deepest allowed; an absent one as the default (6).
    expect(measured('query ($d: Int) { trace(from: "luton/plan:p", maxDepth: $d) { paths } }').cost).toBe(1 + MAX_TRACE_NODES * 11);
    expect(measured('{ trace(from: "luton/plan:p") { paths } }').cost).toBe(1 + MAX_TRACE_NODES * 7);
  });

  it('prices a trace\'s paths by its maxDepth inside a fragment too', () => {
    const viaFragment = (depth: number) => `{ trace(from: "luton/plan:p", maxDepth: ${depth}) { ...P } } fragment P on Trace { paths }`;
    expect([measured(viaFragment(1)).cost, measured(viaFragment(10)).cost]).toEqual([1 + MAX_TRACE_NODES * 2, 1 + MAX_TRACE_NODES * 11]);
  });

  it('prices search by the index partitions it reads, fewer when types are given', () => {
    expect(measured('{ search(text: "x", first: 1) { totalCount } }').cost).toBe(1 + NODE_TYPE_NAMES.length * SEARCH_COST_PER_TYPE + 1);
    expect(measured('{ search(text: "x", types: [PLACE, PERSON], first: 1) { totalCount } }').cost).toBe(1 + 2 * SEARCH_COST_PER_TYPE + 1);
  });

  it(`accepts ${MAX_SEARCHES} searches in a request and refuses one more`, () => {
    const searches = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `s${i}: search(text: "x", first: 1) { totalCount }`).join(' ')} }`;
    expect(codes(searches(MAX_SEARCHES))).toEqual([]);
    expect(codes(searches(MAX_SEARCHES + 1))).toEqual(['QUERY_TOO_COSTLY']);
  });

  it('prices nodesById by the ids asked for, and a variable list as the most allowed', () => {
    expect(measured('{ nodesById(ids: ["a:1", "a:2", "a:3"]) { id } }').cost).toBe(1 + 3);
    expect(measured('query ($ids: [ID!]!) { nodesById(ids: $ids) { id } }').cost).toBe(1 + 100);
  });

  it('prices a list of scalars, and an unpaged list of objects, by a typical size', () => {
    expect(measured('{ node(id: "luton/person:p") { ... on Person { aliases } } }').cost).toBe(1 + UNPAGED_LIST_SIZE);
    expect(measured('{ node(id: "luton/person:p") { sources { quote } } }').cost).toBe(1 + 1 + UNPAGED_LIST_SIZE * 1);
  });

  it('prices introspection by the schema\'s own sizes', () => {
    const types = Object.keys(schema.getTypeMap()).length;
    expect(measured('{ __schema { types { name } } }').cost).toBe(1 + 1 + types);
    // `types { fields }` costs the schema's own number of fields (an average per type, so the total is exact).
    // Output fields only (object and interface types); input fields are priced separately.
    const fields = Object.values(schema.getTypeMap()).reduce((sum, type) => sum + (isObjectType(type) || isInterfaceType(type) ? Object.keys(type.getFields()).length : 0), 0);
    const perType = measured('{ __schema { types { fields { name } } } }').cost - measured('{ __schema { types { name } } }').cost;
    expect(perType / types).toBe(Math.ceil(fields / types));
    // Aliased introspection adds up like any other field and is refused past the limit.
    const aliased = `{ ${Array.from({ length: MAX_ALIASES }, (_, i) => `s${i}: __schema { types { fields { type { fields { args { name } type { name } } } } } }`).join(' ')} }`;
    expect(codes(aliased)).toEqual(['QUERY_TOO_COSTLY']);
  });

  it('accepts the full introspection query GraphiQL sends, and the starter query', () => {
    expect(codes(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }))).toEqual([]);
    expect(codes(STARTER_QUERY)).toEqual([]);
    expect(measured(STARTER_QUERY).cost).toBeLessThan(MAX_QUERY_COST);
  });
});

describe('delivery chains and the tracker', () => {
  it('prices deliveryChains by its own limits: 50 chains of at most 9 steps, and the nodes it may read', () => {
    expect(measured('{ deliveryChains(from: "luton/resolution:r") { chains { steps { label } } } }').cost).toBe(1 + DELIVERY_CHAINS_COST + (1 + MAX_CHAINS * (1 + (MAX_CHAIN_HOPS + 1))));
  });

  it('prices a trace\'s labelled paths like its paths, by maxDepth', () => {
    expect(measured('{ trace(from: "luton/plan:p", maxDepth: 2) { labelledPaths { label } } }').cost).toBe(1 + (1 + MAX_TRACE_NODES * 3));
  });

  it('prices the tracker by what it walks as well as by its page', () => {
    expect(measured('{ tracker(first: 10) { rows { text } } }').cost).toBe(1 + TRACKER_COST + 10 * (1 + 1));
    expect(measured('{ tracker { rows { gaps { reason } } } }').cost).toBe(1 + TRACKER_COST + 50 * (1 + (1 + MAX_CHAINS)));
  });

  it(`counts a tracker with the searches: ${MAX_SEARCHES} together are accepted, one more refused`, () => {
    const mixed = (searches: number) => `{ t: tracker(first: 1) { totalCount } ${Array.from({ length: searches }, (_, i) => `s${i}: search(text: "x", first: 1) { totalCount }`).join(' ')} }`;
    expect(codes(mixed(MAX_SEARCHES - 1))).toEqual([]);
    expect(codes(mixed(MAX_SEARCHES))).toEqual(['QUERY_TOO_COSTLY']);
  });

  it('keeps the README\'s chains and tracker examples within every limit', () => {
    expect(codes('{ deliveryChains(from: "luton/resolution:cdc-2019-03-05-09-iii") { delivery truncated chains { gap { stage code reason } steps { stage label date via { type basis rationale sources { quote locator } } node { id } context { role printedRole node { id label } sources { quote } } } } } }')).toEqual([]);
    expect(codes('{ tracker(filter: { delivery: [NOT_RECORDED] }) { totalCount rows { request { id label } number text date meeting { label } body { label } addressedTo { label } takenUpBy { label } leads { label } latestProgress { asAt text } reportedAt { label } delivery lastActivity gaps { stage reason } } } }')).toEqual([]);
  });
});

describe('suggested evidence', () => {
  const suggestions = 'suggestedEvidence(first: 3) { rank node { id } }';

  it('is accepted for one request and costs the candidate partitions it lists', () => {
    const query = `{ node(id: "luton/resolution:r") { ... on Resolution { ${suggestions} } } }`;
    expect(codes(query)).toEqual([]);
    expect(measured(query).searches).toBe(1);
  });

  it('counts once for each item of the list it runs in, so asking it of a page of requests is refused', () => {
    const query = `{ nodes(type: RESOLUTION, first: 10) { nodes { ... on Resolution { ${suggestions} } } } }`;
    expect(measured(query).searches).toBe(10);
    expect(codes(query)).toEqual(['QUERY_TOO_COSTLY']);
  });
});


describe('the limits the README documents', () => {
  // The limits table of the README's errors section, e.g. "| `QUERY_TOO_DEEP` | more than 12 levels of fields |".
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  function documented(code: string, pattern: RegExp): number {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
    const figure = row?.match(pattern)?.[1];
    if (!figure) throw new Error(`README has no limit row for ${code} matching ${pattern}`);
    return Number(figure.replace(/,/g, ''));
  }
  const searches = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `s${i}: search(text: "x", first: 1) { totalCount }`).join(' ')} }`;

  it('accepts a query exactly as deep as documented and refuses one level more', () => {
    const depth = documented('QUERY_TOO_DEEP', /more than ([\d,]+) levels/);
    expect(measured(queryOfDepth(depth)).depth).toBe(depth);
    expect(codes(queryOfDepth(depth))).toEqual([]);
    expect(codes(queryOfDepth(depth + 1))).toEqual(['QUERY_TOO_DEEP']);
  });

  it('accepts a query costing exactly the documented number of objects and refuses one costing one more', () => {
    const cost = documented('QUERY_TOO_COSTLY', /more than ([\d,]+) objects/);
    expect(measured(queryOfCost(cost)).cost).toBe(cost);
    expect(codes(queryOfCost(cost))).toEqual([]);
    expect(codes(queryOfCost(cost + 1))).toEqual(['QUERY_TOO_COSTLY']);
  });

  it('accepts the documented number of aliases and whole-graph reads, and refuses one more of each', () => {
    const aliases = documented('QUERY_TOO_MANY_ALIASES', /more than ([\d,]+) aliases/);
    expect(codes(aliasedTraces(aliases))).toEqual([]);
    expect(codes(aliasedTraces(aliases + 1))).toEqual(['QUERY_TOO_MANY_ALIASES']);
    const reads = documented('QUERY_TOO_COSTLY', /more than ([\d,]+) whole-graph reads/);
    expect(codes(searches(reads))).toEqual([]);
    expect(codes(searches(reads + 1))).toEqual(['QUERY_TOO_COSTLY']);
  });
});

describe('a refusal', () => {
  function refusals(query: string) {
    return validate(schema, parse(query), [...specifiedRules, queryLimitsRule(QUERY_LIMITS)]).map((e) => ({ message: e.message, line: e.locations?.[0]?.line, extensions: e.extensions }));
  }

  it('says what was measured, the limit, and what to ask for instead, pointing at the operation', () => {
    const [deep] = refusals(`\n${queryOfDepth(MAX_QUERY_DEPTH + 1)}`);
    expect(deep).toMatchObject({ line: 2, message: expect.stringMatching(new RegExp(`^Query is ${MAX_QUERY_DEPTH + 1} levels deep; the limit is ${MAX_QUERY_DEPTH}\\. Ask for fewer nested levels`)) });
    const [aliased] = refusals(`\n\n${aliasedTraces(MAX_ALIASES + 1)}`);
    expect(aliased).toMatchObject({ line: 3, message: expect.stringMatching(new RegExp(`^Query uses ${MAX_ALIASES + 1} aliases; the limit is ${MAX_ALIASES}\\. Send fewer aliased fields`)), extensions: { code: 'QUERY_TOO_MANY_ALIASES', aliases: MAX_ALIASES + 1, maxAliases: MAX_ALIASES } });
    const searchQuery = `{ ${Array.from({ length: MAX_SEARCHES + 1 }, (_, i) => `s${i}: search(text: "x", first: 1) { totalCount }`).join(' ')} }`;
    expect(refusals(searchQuery)).toEqual([{ line: 1, message: expect.stringMatching(new RegExp(`^Query makes ${MAX_SEARCHES + 1} whole-graph reads .* the limit is ${MAX_SEARCHES} per request\\. Combine the words into one search`)), extensions: { code: 'QUERY_TOO_COSTLY', searches: MAX_SEARCHES + 1, maxSearches: MAX_SEARCHES } }]);
    const [costly] = refusals(queryOfCost(MAX_QUERY_COST + 1));
    expect(costly).toMatchObject({ line: 1, message: expect.stringMatching(new RegExp(`^Query could read or return up to ${MAX_QUERY_COST + 1} objects; the limit is ${MAX_QUERY_COST}\\. Ask for smaller pages`)) });
  });

  it('shows an astronomical cost as more than 10^15, and as the largest safe integer in its extensions', () => {
    // 60 doublings: 2^60 leaves, past what a double holds exactly.
    const [bomb] = refusals(doublingFragments(60));
    expect(bomb!.message).toMatch(/^Query could read or return up to more than 10\^15 objects/);
    expect(bomb!.extensions).toEqual({ code: 'QUERY_TOO_COSTLY', cost: Number.MAX_SAFE_INTEGER, maxCost: MAX_QUERY_COST });
    // Just under 10^15 is still written out.
    const [large] = refusals(doublingFragments(49));
    expect(large!.message).toMatch(new RegExp(`up to ${1 + 2 ** 49} objects`));
  });
});
