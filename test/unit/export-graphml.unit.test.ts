import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { exportGraph, graphItems } from '../../functions/core/export/export-graph.js';
import { escapeXmlAttribute, escapeXmlText } from '../../functions/core/export/graphml.js';
import { memorySink } from '../../functions/core/export/io.js';
import type { Graph } from '../../functions/core/dataset.js';
import { AWKWARD_NOTE, createFixtureGraph, shuffledFixtureGraph } from '../fixtures/export-graph.js';

async function exportGraphml(graph: Graph = createFixtureGraph()): Promise<string> {
  const sink = memorySink();
  await exportGraph(graphItems(graph), sink, { formats: ['graphml'] });
  return sink.text('graph.graphml');
}

type Data = { '@_key': string; '#text': string | number | boolean };
type Element = { '@_id': string; data: Data[] };
type Parsed = {
  graphml: {
    key: Array<{ '@_id': string; '@_for': string; '@_attr.name': string; '@_attr.type': string }>;
    graph: { '@_edgedefault': string; node: Element[]; edge: Array<Element & { '@_source': string; '@_target': string }> };
  };
};

const parse = (xml: string): Parsed =>
  new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false, isArray: (name) => ['key', 'node', 'edge', 'data'].includes(name) }).parse(xml) as Parsed;

const dataOf = (element: Element) => Object.fromEntries(element.data.map((d) => [d['@_key'], String(d['#text'])]));

describe('XML escaping', () => {
  it('escapes markup characters in text and attributes', () => {
    expect(escapeXmlText('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    expect(escapeXmlAttribute('say "hi" & \'bye\'\n')).toBe('say &quot;hi&quot; &amp; &apos;bye&apos;&#10;');
  });

  it('replaces characters XML 1.0 cannot carry, so the document stays well-formed', () => {
    expect(escapeXmlText('bell\u0007 nul\u0000 lone\ud800 ok\u{1f600}')).toBe('bell\ufffd nul\ufffd lone\ufffd ok\u{1f600}');
  });
});

describe('the GraphML export', () => {
  it('is well-formed XML', async () => {
    expect(XMLValidator.validate(await exportGraphml())).toBe(true);
  });

  it('declares every attribute as a typed key before the graph', async () => {
    const { graphml } = parse(await exportGraphml());
    const key = (id: string) => graphml.key.find((k) => k['@_id'] === id);
    expect(key('n_value')).toMatchObject({ '@_for': 'node', '@_attr.name': 'value', '@_attr.type': 'double' });
    expect(key('n_responses')).toMatchObject({ '@_attr.type': 'int' });
    expect(key('e_role')).toMatchObject({ '@_for': 'edge', '@_attr.type': 'string' });
    expect(graphml.graph['@_edgedefault']).toBe('directed');
    const declared = new Set(graphml.key.map((k) => k['@_id']));
    const used = [...graphml.graph.node, ...graphml.graph.edge].flatMap((e) => e.data.map((d) => d['@_key']));
    expect(used.filter((k) => !declared.has(k))).toEqual([]);
  });

  it('carries every node and edge with its data, text read back unchanged', async () => {
    const graph = createFixtureGraph();
    const { graphml } = parse(await exportGraphml());
    expect(graphml.graph.node.map((n) => n['@_id'])).toEqual(graph.nodes.map((n) => n.id).sort());
    expect(graphml.graph.edge).toHaveLength(graph.edges.length);
    const anna = dataOf(graphml.graph.node.find((n) => n['@_id'] === 'luton/person:anna-pedersen')!);
    expect(anna).toMatchObject({ n_type: 'Person', n_label: 'Councillor Anna Pedersen', n_note: AWKWARD_NOTE, n_aliases: 'Pedersen; Cllr Pedersen', n_citation_count: '2' });
    expect(dataOf(graphml.graph.node.find((n) => n['@_id'] === 'luton/observation:felt-safe-in-day-time-2020')!).n_value).toBe('43');
    const inferred = graphml.graph.edge.find((e) => e['@_source'] === 'luton/person:greg-horsford' && dataOf(e).e_type === 'ATTENDED')!;
    expect(inferred['@_target']).toBe('luton/meeting:cdc-2019-03-05');
    expect(dataOf(inferred)).toMatchObject({ e_basis: 'INFERRED', e_role: 'in-attendance' });
  });

  it('writes the same bytes whatever order the graph is read in', async () => {
    expect(await exportGraphml(shuffledFixtureGraph())).toBe(await exportGraphml(createFixtureGraph()));
  });
});
