/**
 * The model's forms for other councils over GraphQL, on the fictional Kestrelford dataset
 * loaded with the registry into the embedded engine: responses, undated progress, made-in
 * links, document provenance and "not printed" values, as a client reads them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../fixtures/local-graph.js';
import { KESTRELFORD_DATASET_DIR } from '../fixtures/kestrelford.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack(KESTRELFORD_DATASET_DIR);
});

afterAll(async () => {
  await stack?.close();
});

async function data<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const answer = await stack.query<T>(query, variables);
  expect(answer.errors).toBeUndefined();
  return answer.data!;
}

describe('the fictional Kestrelford dataset over GraphQL', () => {
  it('says the dataset is fictional', async () => {
    const { datasets } = await data(`{ datasets { name fictional title } }`);
    expect(datasets).toContainEqual({ name: 'kestrelford-2024', fictional: true, title: expect.stringMatching(/fictional/) });
  });

  it('gives each tracker row its latest response: outcome, the reasons as printed, who and when', async () => {
    const { tracker } = await data(`{ tracker(first: 20) { rows { request { id } number date body { id }
      response { outcome reason date by { id } node { id notPrinted sources { quote } } } } } }`);
    const row = (id: string) => tracker.rows.find((r: { request: { id: string } }) => r.request.id === `kestrelford/${id}`);
    expect(row('recommendation:nts-2023-2')).toMatchObject({
      number: '2', date: '2023-11-20', body: { id: 'kestrelford/organisation:night-time-safety-task-group' },
      response: { outcome: 'REJECTED', reason: expect.stringMatching(/^The cost of a second scheme/), date: '2023-12-11', by: { id: 'kestrelford/organisation:kestrelford-cabinet' }, node: { id: 'kestrelford/response:nts-2023-2', notPrinted: [] } },
    });
    expect(row('recommendation:nts-2023-4').response).toMatchObject({ outcome: 'DEFERRED', reason: null, node: { notPrinted: ['reasons'] } });
    expect(row('recommendation:nts-2023-cctv-map')).toMatchObject({ number: null, response: { outcome: 'PARTLY_AGREED' } });
  });

  it('shows undated progress with no date, flagged, and the reporting document\'s date as a bound', async () => {
    const { node } = await data(`{ node(id: "kestrelford/progress:nts-2023-2-station-rank-marshals") { label ... on ProgressUpdate { asAt dateBasis notLaterThan } } }`);
    expect(node).toMatchObject({ asAt: null, dateBasis: 'DOCUMENT_DATE', notLaterThan: '2024-06-10', label: expect.stringMatching(/undated, reported by 10 June 2024/) });
    const { deliveryChains } = await data(`{ deliveryChains(from: "kestrelford/recommendation:nts-2023-2") { chains { steps { stage date notLaterThan } gap { reason } } } }`);
    expect(deliveryChains.chains[0].steps.map((s: { stage: string }) => s.stage)).toEqual(['REQUEST', 'SENT_TO', 'RESPONSE', 'PROGRESS', 'REPORTED_BACK']);
    expect(deliveryChains.chains[0].steps[3]).toEqual({ stage: 'PROGRESS', date: null, notLaterThan: '2024-06-10' });
  });

  it('links a recommendation to the report and task group that made it, and to its responses', async () => {
    const { node } = await data(`{ node(id: "kestrelford/recommendation:nts-2023-1") { ... on Recommendation { madeAt { id } madeIn { id } madeBy { id } answeredBy { id outcome respondsTo { id } madeBy { id } madeIn { id } } takenUpBy { id } } } }`);
    expect(node).toEqual({
      madeAt: [],
      madeIn: [{ id: 'kestrelford/document:nts-task-group-report-2023' }],
      madeBy: [{ id: 'kestrelford/organisation:night-time-safety-task-group' }],
      answeredBy: [{ id: 'kestrelford/response:nts-2023-1', outcome: 'AGREED', respondsTo: [{ id: 'kestrelford/recommendation:nts-2023-1' }], madeBy: [{ id: 'kestrelford/organisation:kestrelford-cabinet' }], madeIn: [{ id: 'kestrelford/document:cabinet-2023-12-11-response' }] }],
      takenUpBy: [{ id: 'kestrelford/operation:kestrelford-led-street-lighting' }, { id: 'kestrelford/resolution:kestrelford-cabinet-2023-12-11-ii' }],
    });
  });

  it('gives a web page its address, retrieval date, format and hash, and a number the source does not print as null and named', async () => {
    const { document, item } = await data(`{
      document: node(id: "kestrelford/document:cabinet-2023-12-11-response") { ... on Document { format url retrieved sha256 } }
      item: node(id: "kestrelford/agenda-item:kestrelford-cabinet-2023-12-11-nts-response") { notPrinted ... on AgendaItem { number title } }
    }`);
    expect(document).toEqual({ format: 'WEB_PAGE', url: 'https://kestrelford.example/cabinet/2023-12-11/night-time-safety-response', retrieved: '2024-07-01', sha256: 'a922081e21ef9abe0fc93fa79ef38cdd580a28e50c560904f8eb31ba9ff669f4' });
    expect(item).toEqual({ notPrinted: ['number'], number: null, title: 'Executive response to the Night-time Safety Task Group' });
  });
});

describe('a trace whose start the dataset filter leaves out', () => {
  it('is refused saying which dataset the start belongs to and what to do instead', async () => {
    const { datasets } = await data<{ datasets: Array<{ name: string }> }>('{ datasets { name } }');
    const other = datasets.map((d) => d.name).find((name) => name !== 'kestrelford-2024')!;
    expect(other).toBeDefined();
    const from = 'kestrelford/recommendation:nts-2023-1';
    for (const field of ['trace', 'deliveryChains']) {
      const answer = await stack.query(`{ ${field}(from: "${from}", dataset: "${other}") { __typename } }`);
      expect(answer.errors, field).toEqual([
        expect.objectContaining({
          message: `"${from}" belongs to dataset "kestrelford-2024", which the dataset filter leaves out; add it to "datasets" or start from a node of "${other}".`,
          extensions: { code: 'BAD_USER_INPUT', argument: 'from' },
        }),
      ]);
    }
    const inScope = await stack.query(`{ trace(from: "${from}", datasets: ["kestrelford-2024", "${other}"]) { nodes { id } } }`);
    expect(inScope.errors).toBeUndefined();
    const missing = await stack.query(`{ trace(from: "kestrelford/recommendation:no-such-request", dataset: "${other}") { __typename } }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
