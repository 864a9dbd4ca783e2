/**
 * Delivery in the exports, on the mini fixture (09(iii), delivered and reported back;
 * recommendation 4, no recorded follow-up): the request rows' delivery columns, tracker.csv,
 * gaps.csv, the JSON-LD and GraphML nodes, the manifest, and an import that ignores the
 * derived values and re-exports the same bytes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../functions/core/dataset.js';
import type { NodeTypeName } from '../../functions/core/model.js';
import { GAPS_CSV, GAPS_CSV_COLUMNS, TRACKER_CSV, TRACKER_CSV_COLUMNS } from '../../functions/core/export/delivery.js';
import { exportGraph, graphItems } from '../../functions/core/export/export-graph.js';
import { memorySink } from '../../functions/core/export/io.js';
import { parseJsonLdExport } from '../../functions/core/export/jsonld-import.js';
import { loadGraphFromDir } from '../../functions/local/dataset-files.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';

let graph: Graph;

beforeAll(async () => {
  graph = await loadGraphFromDir(MINI_DATASET_DIR);
});

/** Rows of a CSV this exporter wrote, as objects by column (fields here hold no line breaks). */
function records(text: string): Array<Record<string, string>> {
  const parse = (line: string) => {
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted && c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) fields.push(field), (field = '');
      else field += c;
    }
    return [...fields, field];
  };
  const [header, ...rows] = text.split('\r\n').filter(Boolean).map(parse);
  return rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i]!])));
}

async function exportAll(g: Graph = graph, includeTypes?: NodeTypeName[]) {
  const sink = memorySink();
  const manifest = await exportGraph(graphItems(g), sink, { now: () => new Date('2026-01-01T00:00:00Z'), ...(includeTypes ? { filter: { includeTypes } } : {}) });
  return { sink, manifest };
}

describe('delivery in the exports', () => {
  it('ends each resolution and recommendation row with its delivery status and last activity', async () => {
    const { sink } = await exportAll();
    const resolution = records(sink.text('nodes-resolution.csv')).find((r) => r.id === 'luton/resolution:cdc-2019-03-05-09-iii')!;
    expect(resolution).toMatchObject({ delivery: 'RECORDED', last_activity: '2020-03-02' });
    const recommendation = records(sink.text('nodes-recommendation.csv')).find((r) => r.id === 'luton/recommendation:cdc-2019-03-05-11-4')!;
    expect(recommendation).toMatchObject({ delivery: 'NOT_RECORDED', last_activity: '' });
    expect(sink.text('nodes-person.csv').split('\r\n')[0]).not.toMatch(/delivery/);
  });

  it('writes tracker.csv with one row per request that asked for follow-up, oldest first, none dropped', async () => {
    const { sink } = await exportAll();
    const text = sink.text(TRACKER_CSV);
    expect(text.split('\r\n')[0]).toBe(TRACKER_CSV_COLUMNS.join(','));
    const rows = records(text);
    expect(rows.map((r) => [r.request_id, r.delivery])).toEqual([
      ['luton/resolution:cdc-2019-03-05-09-iii', 'RECORDED'],
      ['luton/recommendation:cdc-2019-03-05-11-4', 'NOT_RECORDED'],
    ]);
    expect(rows[0]).toMatchObject({
      number: '09(iii)',
      date: '2019-03-05',
      meeting_id: 'luton/meeting:cdc-2019-03-05',
      taken_up_by_ids: 'luton/action:csp-business-plan-2019-20-13; luton/operation:octans',
      latest_progress_date: '2020-03-02',
      latest_progress_status: 'in-progress',
      last_activity: '2020-03-02',
      response: '',
      gaps: '',
    });
    expect(rows[0]!.reported_at).toMatch(/^Item 8: Delivery of CSP Business Plan 2019-20/);
    expect(rows[1]!.gaps).toMatch(/no action, progress or report-back is recorded/);
  });

  it('writes the same tracker when the sort spills to runs', async () => {
    const { sink } = await exportAll();
    const spilled = memorySink();
    await exportGraph(graphItems(graph), spilled, { runSize: 3 });
    for (const name of [TRACKER_CSV, GAPS_CSV, 'nodes-resolution.csv']) expect(spilled.text(name), name).toBe(sink.text(name));
  });

  it('writes gaps.csv with every gap, its stage and its reason', async () => {
    const { sink } = await exportAll();
    const text = sink.text(GAPS_CSV);
    expect(text.split('\r\n')[0]).toBe(GAPS_CSV_COLUMNS.join(','));
    expect(records(text)).toEqual([
      expect.objectContaining({ request_id: 'luton/recommendation:cdc-2019-03-05-11-4', stops_at_id: 'luton/recommendation:cdc-2019-03-05-11-4', stage: 'TAKEN_UP_BY', code: 'NO_DELIVERY_RECORDED', reason: expect.stringMatching(/^Asked .* for follow-up on 5 March 2019;/) }),
    ]);
  });

  it('puts the delivery status on the JSON-LD and GraphML nodes of requests only', async () => {
    const { sink } = await exportAll();
    const document = JSON.parse(sink.text('graph.jsonld')) as { '@context': Record<string, unknown>; '@graph': Array<Record<string, unknown>> };
    const node = (id: string) => document['@graph'].find((e) => e['@id'] === `node:${id}`)!;
    expect(node('luton/resolution:cdc-2019-03-05-09-iii')).toMatchObject({ delivery: 'RECORDED', lastActivity: '2020-03-02' });
    expect(node('luton/recommendation:cdc-2019-03-05-11-4').delivery).toBe('NOT_RECORDED');
    expect(node('luton/recommendation:cdc-2019-03-05-11-4')).not.toHaveProperty('lastActivity');
    expect(node('luton/operation:octans')).not.toHaveProperty('delivery');
    expect(document['@context'].delivery).toBe('sg:delivery');
    const graphml = sink.text('graph.graphml');
    expect(graphml).toContain('<key id="n_delivery" for="node" attr.name="delivery" attr.type="string"/>');
    const resolution = graphml.slice(graphml.indexOf('<node id="luton/resolution:cdc-2019-03-05-09-iii">'));
    expect(resolution.slice(0, resolution.indexOf('</node>'))).toContain('<data key="n_delivery">RECORDED</data>');
  });

  it('lists tracker.csv and gaps.csv in the manifest with their sizes', async () => {
    const { sink, manifest } = await exportAll();
    const files = manifest.files.map((f) => f.name);
    expect(files).toEqual(expect.arrayContaining([TRACKER_CSV, GAPS_CSV]));
    expect(manifest.files.find((f) => f.name === TRACKER_CSV)!.bytes).toBe(Buffer.byteLength(sink.text(TRACKER_CSV)));
  });

  it('keeps a request\'s status when the export leaves out the work that delivered it', async () => {
    const { sink } = await exportAll(graph, ['Resolution', 'Recommendation', 'Organisation']);
    const resolution = records(sink.text('nodes-resolution.csv')).find((r) => r.id === 'luton/resolution:cdc-2019-03-05-09-iii')!;
    expect(resolution.delivery).toBe('RECORDED');
    const tracker = records(sink.text(TRACKER_CSV));
    expect(tracker.map((r) => r.request_id)).toEqual(['luton/resolution:cdc-2019-03-05-09-iii', 'luton/recommendation:cdc-2019-03-05-11-4']);
    // The work left out of this export is still named in the tracker.
    expect(tracker[0]!.taken_up_by).toMatch(/^Action 13.*; Operation Octans$/);
  });

  it('writes no tracker when the export leaves out resolutions and recommendations', async () => {
    const { manifest } = await exportAll(graph, ['Person', 'Organisation']);
    expect(manifest.files.map((f) => f.name)).not.toContain(TRACKER_CSV);
    expect(manifest.files.map((f) => f.name)).not.toContain(GAPS_CSV);
  });

  it('imports the JSON-LD ignoring the derived values, and re-exports the same bytes', async () => {
    const { sink } = await exportAll();
    const imported = parseJsonLdExport(JSON.parse(sink.text('graph.jsonld')));
    expect(imported.graph.nodes.find((n) => n.id === 'luton/resolution:cdc-2019-03-05-09-iii')!.props).not.toHaveProperty('delivery');
    const again = await exportAll(imported.graph);
    for (const name of ['graph.jsonld', 'graph.graphml', TRACKER_CSV, GAPS_CSV, 'nodes-resolution.csv']) expect(again.sink.text(name), name).toBe(sink.text(name));
  });
});
