import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { exportGraph, graphItems } from '../../functions/core/export/export-graph.js';
import { escapeXmlAttribute, escapeXmlText, GRAPHML_KEYS, graphmlEdge, graphmlHeader, graphmlNode } from '../../functions/core/export/graphml.js';
import { memorySink } from '../../functions/core/export/io.js';
import type { Graph, GraphEdge, GraphNode } from '../../functions/core/dataset.js';
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

  it('writes carriage returns as references everywhere, and tabs as references in attributes, so no parser normalises them away', () => {
    expect(escapeXmlText('a\r\nb\tc')).toBe('a&#13;\nb\tc');
    expect(escapeXmlAttribute('a\r\nb\tc')).toBe('a&#13;&#10;b&#9;c');
  });

  it('replaces characters XML 1.0 cannot carry, so the document stays well-formed', () => {
    expect(escapeXmlText('bell\u0007 nul\u0000 lone\ud800 ok\u{1f600}')).toBe('bell\ufffd nul\ufffd lone\ufffd ok\u{1f600}');
  });
});

describe('GraphML elements of fictional nodes', () => {
  const minutes = { document: 'fictional/document:minutes', quote: 'An invented sentence.', lines: [3, 4] as [number, number] };

  it(`writes a node's data in key order, leaving out what is empty, with its first citation and delivery`, () => {
    const node: GraphNode = {
      id: 'fictional/recommendation:r1',
      type: 'Recommendation',
      label: 'Recommendation 1 (fictional)',
      props: { number: '1', text: '', followUp: 'required' },
      sources: [minutes, { ...minutes, page: '2' }],
      dataset: 'fictional',
    };
    expect(graphmlNode(node, { delivery: 'NOT_RECORDED', lastActivity: null })).toBe(
      [
        '    <node id="fictional/recommendation:r1">',
        '      <data key="n_dataset">fictional</data>',
        '      <data key="n_type">Recommendation</data>',
        '      <data key="n_label">Recommendation 1 (fictional)</data>',
        '      <data key="n_number">1</data>',
        '      <data key="n_followUp">required</data>',
        '      <data key="n_citation_count">2</data>',
        '      <data key="n_first_citation">fictional/document:minutes, lines 3-4</data>',
        '      <data key="n_delivery">NOT_RECORDED</data>',
        '    </node>',
        '',
      ].join('\n'),
    );
    const bare: GraphNode = { id: 'fictional/person:ada', type: 'Person', label: 'Ada (fictional)', props: {}, sources: [] };
    expect(graphmlNode(bare)).toBe(
      '    <node id="fictional/person:ada">\n      <data key="n_type">Person</data>\n      <data key="n_label">Ada (fictional)</data>\n      <data key="n_citation_count">0</data>\n    </node>\n',
    );
  });

  it('writes an edge with its position as id, its first citation quoted, and no citation when it has none', () => {
    const edge: GraphEdge = { from: 'fictional/person:ada', type: 'HOLDS', to: 'fictional/post:clerk', props: { basis: 'stated' }, sources: [minutes] };
    expect(graphmlEdge(edge, 7)).toBe(
      [
        '    <edge id="e7" source="fictional/person:ada" target="fictional/post:clerk">',
        '      <data key="e_type">HOLDS</data>',
        '      <data key="e_basis">STATED</data>',
        '      <data key="e_citation">An invented sentence. (fictional/document:minutes, lines 3-4)</data>',
        '      <data key="e_citation_count">1</data>',
        '    </edge>',
        '',
      ].join('\n'),
    );
    expect(graphmlEdge({ ...edge, sources: [] }, 0)).not.toContain('e_citation"');
  });

  it('opens with the XML declaration, one key per line, then the graph', () => {
    const lines = graphmlHeader().split('\n');
    expect(lines[0]).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    expect(lines.slice(3, 3 + GRAPHML_KEYS.length)).toEqual(GRAPHML_KEYS.map((key) => `  <key id="${key.id}" for="${key.for}" attr.name="${key.name}" attr.type="${key.type}"/>`));
    expect(lines.slice(3 + GRAPHML_KEYS.length)).toEqual(['  <graph id="scrutiny-graph" edgedefault="directed">', '']);
    expect(GRAPHML_KEYS.find((key) => key.id === 'n_value')?.type).toBe('double');
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
