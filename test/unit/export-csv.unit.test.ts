import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '../../functions/core/dataset.js';
import { cell, citationCsvRows, csvField, csvRecord, edgeCsvRow, guardFormula, nodeCsvColumns, nodeCsvRow, unguardFormula } from '../../functions/core/export/csv.js';
import { exportGraph, graphItems } from '../../functions/core/export/export-graph.js';
import { memorySink } from '../../functions/core/export/io.js';
import { AWKWARD_NOTE, createFixtureGraph, shuffledFixtureGraph } from '../fixtures/export-graph.js';

/** A small RFC 4180 reader, to check that what we write reads back as the same fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += c;
  }
  if (field || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

async function exportCsv(options: { bom?: boolean; dataset?: { name: string } } = {}, graph = createFixtureGraph()) {
  const sink = memorySink();
  await exportGraph(graphItems(graph), sink, { formats: ['csv'], ...options });
  return sink;
}

describe('csvField', () => {
  it('leaves plain text alone', () => {
    expect(csvField('Vicky Hawkes')).toBe('Vicky Hawkes');
  });

  it('quotes a field holding a comma, a double quote, CR or LF and doubles the quotes', () => {
    expect([csvField('a,b'), csvField('say "hi"'), csvField('one\ntwo'), csvField('one\rtwo')]).toEqual(['"a,b"', '"say ""hi"""', '"one\ntwo"', '"one\rtwo"']);
  });

  it('ends every record with CRLF', () => {
    expect(csvRecord(['a', 'b,c'])).toBe('a,"b,c"\r\n');
  });
});

describe('the formula guard', () => {
  it('writes a cell that begins with = + - @ tab or CR with a leading apostrophe, so a spreadsheet shows it as text', () => {
    expect(['=HYPERLINK("http://x")', '+1+cmd|x', '-2+3', '@SUM(A1)', '\tlead', '\rlead'].map(csvField)).toEqual([
      `"'=HYPERLINK(""http://x"")"`,
      `'+1+cmd|x`,
      `'-2+3`,
      `'@SUM(A1)`,
      `'\tlead`,
      `"'\rlead"`,
    ]);
  });

  it('leaves plain numbers, and text with those characters later on, as they are', () => {
    expect(['-3', '+1.5', '2e-3', 'a=b', 'Luton - High Town', "'quoted'"].map(guardFormula)).toEqual(['-3', '+1.5', '2e-3', 'a=b', 'Luton - High Town', "'quoted'"]);
  });

  it('reads back every value exactly, including ones that begin with apostrophes', () => {
    const values = ['=1+1', "'=1+1", "''@x", '-3', "'-3", '- bullet', "'plain", 'plain', '', "'", '@'];
    expect(values.map((v) => unguardFormula(guardFormula(v)))).toEqual(values);
  });
});

describe('the CSV export', () => {
  it('writes one file per node type with dataset, id, label, the type\'s properties in model order and a citation summary', async () => {
    const sink = await exportCsv({ dataset: { name: 'fixture' } });
    const [header, ...rows] = parseCsv(sink.text('nodes-person.csv'));
    expect(header).toEqual(['dataset', 'id', 'label', 'name', 'honorific', 'description', 'aliases', 'note', 'notPrinted', 'citation_count', 'first_citation']);
    expect(header).toEqual(nodeCsvColumns('Person'));
    expect(rows.map((r) => [r[0], r[1]])).toEqual([['fixture', 'luton/person:anna-pedersen'], ['fixture', 'luton/person:greg-horsford'], ['fixture', 'luton/person:vicky-hawkes']]);
    const anna = Object.fromEntries(header!.map((column, i) => [column, rows[0]![i]]));
    expect(anna).toMatchObject({ label: 'Councillor Anna Pedersen', aliases: 'Pedersen; Cllr Pedersen', note: AWKWARD_NOTE, citation_count: '2', first_citation: 'luton/document:luton-cdc-2020-03-02-agenda-pack, line 208' });
  });

  it('keeps commas, quotes and line breaks inside one field that reads back unchanged', async () => {
    const text = (await exportCsv()).text('nodes-person.csv');
    expect(text).toContain('"Printed as ""Pedersen (Chair)"", and elsewhere\nas ""Councillor Anna Pedersen"" – <C&DC>."');
    expect(parseCsv(text).every((row) => row.length === 11)).toBe(true);
  });

  it('writes edges with their properties and first citation, and every citation on its own row', async () => {
    const sink = await exportCsv({ dataset: { name: 'fixture' } });
    const [edgeHeader, ...edges] = parseCsv(sink.text('edges.csv'));
    expect(edgeHeader).toEqual(['dataset', 'from', 'type', 'to', 'role', 'validFrom', 'validTo', 'observedOn', 'lastObservedOn', 'basis', 'rationale', 'note', 'citation', 'citation_count']);
    const holds = edges.find((e) => e[2] === 'HOLDS')!;
    expect(holds.slice(0, 10)).toEqual(['fixture', 'luton/person:vicky-hawkes', 'HOLDS', 'luton/post:luton-borough-council-service-manager-neighbourhood-delivery', '', '', '', '2019-03-05', '', 'STATED']);
    expect(holds[12]).toBe('Vicky Hawkes, Service Manager Neighbourhood Delivery (luton/document:luton-cdc-2020-03-02-agenda-pack, lines 228-229)');
    const [citationHeader, ...citations] = parseCsv(sink.text('citations.csv'));
    expect(citationHeader).toEqual(['dataset', 'subject', 'document', 'locator', 'page', 'quote']);
    const graph = createFixtureGraph();
    expect(citations).toHaveLength([...graph.nodes, ...graph.edges].reduce((n, x) => n + x.sources.length, 0));
    expect(citations).toContainEqual(['fixture', 'luton/meeting:cdc-2019-03-05', 'luton/document:luton-cdc-2020-03-02-agenda-pack', 'lines 193-194', '5', 'MINUTES OF THE SCRUTINY – CRIME AND DISORDER COMMITTEE 5TH MARCH 2019 AT 7.00 P.M – VENUE COUNCIL CHAMBER']);
    expect(citations).toContainEqual(['fixture', 'luton/person:anna-pedersen -MEMBER_OF-> luton/organisation:crime-and-disorder-committee', 'luton/document:luton-cdc-2020-03-02-agenda-pack', 'line 198', '', 'Councillor Pedersen (Chair)']);
  });

  it('starts every CSV file with a UTF-8 byte-order mark only when asked', async () => {
    const plain = await exportCsv();
    const withBom = await exportCsv({ bom: true });
    for (const [name, bytes] of withBom.files) {
      if (!name.endsWith('.csv')) continue;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.subarray(3).equals(plain.files.get(name)!)).toBe(true);
    }
  });

  it('sorts rows by id, so the order of the input does not change a byte', async () => {
    const a = await exportCsv({}, createFixtureGraph());
    const b = await exportCsv({}, shuffledFixtureGraph());
    for (const [name, bytes] of a.files) if (name !== 'manifest.json') expect(b.files.get(name)!.equals(bytes), name).toBe(true);
  });
});

describe('CSV rows of fictional nodes and edges', () => {
  const minutes = { document: 'fictional/document:minutes', quote: 'An invented sentence.', lines: [3, 4] as [number, number] };
  const request: GraphNode = { id: 'fictional/recommendation:r1', type: 'Recommendation', label: 'Recommendation 1 (fictional)', props: { followUp: 'required' }, sources: [] };
  const edge: GraphEdge = { from: 'fictional/person:ada', type: 'HOLDS', to: 'fictional/post:clerk', props: { basis: 'stated' }, sources: [] };

  it('leave the dataset, the first citation and a request’s delivery empty where there are none', () => {
    const row = nodeCsvRow(request);
    expect(row.slice(0, 3)).toEqual(['', 'fictional/recommendation:r1', 'Recommendation 1 (fictional)']);
    expect(row.slice(-4)).toEqual(['0', '', '', '']);
    expect(nodeCsvRow({ ...request, dataset: 'fictional' }, { delivery: 'NOT_RECORDED', lastActivity: null }).slice(-4)).toEqual(['0', '', 'NOT_RECORDED', '']);
    expect(nodeCsvRow({ ...request, sources: [minutes] }, { delivery: 'RECORDED', lastActivity: '2021-05' }).slice(-4)).toEqual(['1', 'fictional/document:minutes, lines 3-4', 'RECORDED', '2021-05']);
    const edgeRow = edgeCsvRow(edge);
    expect([edgeRow[0], ...edgeRow.slice(-2)]).toEqual(['', '', '0']);
    expect(citationCsvRows({ ...edge, sources: [{ ...minutes, page: '2' }] })).toEqual([['', 'fictional/person:ada -HOLDS-> fictional/post:clerk', 'fictional/document:minutes', 'lines 3-4', '2', 'An invented sentence.']]);
    expect(citationCsvRows({ ...request, dataset: 'fictional', sources: [minutes] })).toEqual([['fictional', 'fictional/recommendation:r1', 'fictional/document:minutes', 'lines 3-4', '', 'An invented sentence.']]);
  });

  it('write nothing for a missing value, lists joined, and other values as printed', () => {
    expect([cell(undefined), cell(null), cell(['a', 'b']), cell(0), cell(false)]).toEqual(['', '', 'a; b', '0', 'false']);
  });
});
