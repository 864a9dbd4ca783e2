/**
 * The per-request context's reads (functions/graphql/context.ts): each node partition is
 * read once per request (per walk, where a walk reads only what it follows), a body or a
 * typed edge list already covered by a read is taken from it rather than read again, and a
 * failed read fails the trace instead of passing an error on as data. The store is the
 * real one over the embedded engine, watched through a proxy that counts its calls.
 */
import { describe, expect, it } from 'vitest';
import { correlationIdFrom, createRequestContext } from '../../functions/graphql/context.js';
import type { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { stackPerFile } from '../fixtures/stack-per-file.js';

// In the mini dataset this action has three outgoing edges: TAKES_UP (followed by the
// upstream walk) and two LED_BY (followed by the downstream walk).
const ACTION = 'luton/action:csp-business-plan-2019-20-13';

const testStack = stackPerFile();

type Watched = 'readNeighbourhood' | 'getNodes' | 'getEdges';

/** The stack's store, with every call to the read methods the context uses recorded (and `fail` making them reject). */
function watchedStore(fail: Watched[] = []) {
  const calls: Array<{ method: Watched; args: unknown[] }> = [];
  const store = new Proxy(testStack().store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'readNeighbourhood' && property !== 'getNodes' && property !== 'getEdges') return value;
      return (...args: unknown[]) => {
        calls.push({ method: property, args: args.slice(1) });
        if (fail.includes(property)) return Promise.reject(new Error(`fictional ${property} failure`));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as DynamoGraphStore;
  const count = (method: Watched) => calls.filter((call) => call.method === method).length;
  return { store, calls, count };
}

describe('the request context', () => {
  it('reads a node partition once for its body and both sides', async () => {
    const { store, count } = watchedStore();
    const context = createRequestContext(store);
    const out = await context.outEdgesLoader.load(ACTION);
    const incoming = await context.inEdgesLoader.load(ACTION);
    const node = await context.nodeLoader.load(ACTION);
    expect(node?.id).toBe(ACTION);
    expect(out.map((edge) => edge.type).sort()).toEqual(['LED_BY', 'LED_BY', 'TAKES_UP']);
    expect(incoming.every((edge) => edge.to === ACTION)).toBe(true);
    expect(count('readNeighbourhood')).toBe(1);
    expect(count('getNodes')).toBe(0);
  });

  it('reads bodies it has no partition read for, and only those', async () => {
    const { store, calls } = watchedStore();
    const context = createRequestContext(store);
    await context.outEdgesLoader.load(ACTION);
    const other = 'luton/operation:octans';
    const [action, operation] = await Promise.all([context.nodeLoader.load(ACTION), context.nodeLoader.load(other)]);
    expect([action?.id, operation?.id]).toEqual([ACTION, other]);
    expect(calls.filter((call) => call.method === 'getNodes').map((call) => call.args[0])).toEqual([[other]]);
  });

  it('takes a typed edge list from a read of the whole partition, with no second read', async () => {
    const { store, count } = watchedStore();
    const context = createRequestContext(store);
    await context.outEdgesLoader.load(ACTION);
    const led = await context.edgesOfTypes(ACTION, 'out', ['LED_BY']);
    expect(led).toHaveLength(2);
    expect(led.every((edge) => edge.type === 'LED_BY' && edge.from === ACTION)).toBe(true);
    const takesUp = await context.edgesOfTypes(ACTION, 'out', ['TAKES_UP']);
    expect(takesUp.map((edge) => edge.type)).toEqual(['TAKES_UP']);
    expect(count('getEdges')).toBe(0);
    expect(count('readNeighbourhood')).toBe(1);
  });

  it('takes a typed edge list from a walk that reads that type, and reads it alone where the walk does not', async () => {
    const { store, calls, count } = watchedStore();
    const context = createRequestContext(store);
    const downstream = await context.traceReader.getEdgesOfMany([ACTION], 'out', 'DOWNSTREAM');
    expect(downstream[0]!.map((edge) => edge.type)).toEqual(['LED_BY', 'LED_BY']);
    expect(calls).toEqual([{ method: 'readNeighbourhood', args: [ACTION, 'DOWNSTREAM'] }]);
    // LED_BY comes from the downstream walk's read; TAKES_UP, which that walk does not
    // read, is not taken from it as if the partition held none.
    expect(await context.edgesOfTypes(ACTION, 'out', ['LED_BY'])).toHaveLength(2);
    expect(count('getEdges')).toBe(0);
    expect((await context.edgesOfTypes(ACTION, 'out', ['TAKES_UP'])).map((edge) => edge.type)).toEqual(['TAKES_UP']);
    expect(count('getEdges')).toBe(1);
    // A walk's read is not the whole partition: all the outgoing edges need a read of their own.
    expect(await context.outEdgesLoader.load(ACTION)).toHaveLength(3);
    expect(calls.filter((call) => call.method === 'readNeighbourhood').map((call) => call.args[1])).toEqual(['DOWNSTREAM', undefined]);
  });

  it('serves an upstream walk and a typed list it covers from one read', async () => {
    const { store, count } = watchedStore();
    const context = createRequestContext(store);
    await context.traceReader.getEdgesOfMany([ACTION], 'out', 'UPSTREAM');
    expect((await context.edgesOfTypes(ACTION, 'out', ['TAKES_UP'])).map((edge) => edge.type)).toEqual(['TAKES_UP']);
    expect(count('getEdges')).toBe(0);
    expect(count('readNeighbourhood')).toBe(1);
  });

  it('reads a typed edge list once per request', async () => {
    const { store, count } = watchedStore();
    const context = createRequestContext(store);
    const [first, second] = await Promise.all([context.edgesOfTypes(ACTION, 'out', ['LED_BY']), context.edgesOfTypes(ACTION, 'out', ['LED_BY'])]);
    expect(first).toHaveLength(2);
    expect(second).toEqual(first);
    expect(count('getEdges')).toBe(1);
  });

  it('reads a walk with no direction of its own through the loaders, once per node', async () => {
    const { store, calls } = watchedStore();
    const context = createRequestContext(store);
    const [out] = await context.traceReader.getEdgesOfMany([ACTION], 'out');
    const [incoming] = await context.traceReader.getEdgesOfMany([ACTION], 'in');
    expect(out).toHaveLength(3);
    expect(incoming!.every((edge) => edge.to === ACTION)).toBe(true);
    expect(calls).toEqual([{ method: 'readNeighbourhood', args: [ACTION, undefined] }]);
  });

  it('fails the trace when a read fails, rather than passing the error on as a node or an edge list', async () => {
    const bodies = createRequestContext(watchedStore(['getNodes']).store);
    await expect(bodies.traceReader.getNodes([ACTION])).rejects.toThrow('fictional getNodes failure');
    const edges = createRequestContext(watchedStore(['readNeighbourhood']).store);
    await expect(edges.traceReader.getEdgesOfMany([ACTION], 'out')).rejects.toThrow('fictional readNeighbourhood failure');
  });
});

describe('the correlation id', () => {
  it("keeps a caller's plain token", () => {
    expect(correlationIdFrom('req-1.a_b:C')).toBe('req-1.a_b:C');
    expect(correlationIdFrom('x'.repeat(128))).toBe('x'.repeat(128));
  });

  it('replaces anything else with a fresh UUID', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const candidate of [undefined, null, '', 'x'.repeat(129), 'has space', 'bad!ending-ok', 'ok-start!bad', 'line\nbreak']) {
      const id = correlationIdFrom(candidate);
      expect(id, String(candidate)).toMatch(uuid);
    }
    expect(correlationIdFrom(undefined)).not.toBe(correlationIdFrom(undefined));
  });
});
