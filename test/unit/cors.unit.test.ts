import { describe, expect, it } from 'vitest';
import { corsHeaders, DEFAULT_DEV_ORIGINS, parseOrigins } from '../../functions/graphql/cors.js';

describe('parseOrigins', () => {
  it('falls back to the dev-server origins when unset, and reads a comma-separated list', () => {
    expect(parseOrigins(undefined, DEFAULT_DEV_ORIGINS)).toEqual([...DEFAULT_DEV_ORIGINS]);
    expect(parseOrigins(' https://a.example , http://localhost:8080', [])).toEqual(['https://a.example', 'http://localhost:8080']);
    expect(parseOrigins('', DEFAULT_DEV_ORIGINS)).toEqual([]);
  });

  it('refuses an entry that is not an origin, saying what to write', () => {
    expect(() => parseOrigins('localhost:5173', [])).toThrow(/scheme, host and port only, e.g. http:\/\/localhost:5173/);
    expect(() => parseOrigins('https://a.example/app', [])).toThrow(/not an origin/);
    expect(() => parseOrigins('see https://a.example', [])).toThrow('CORS origin "see https://a.example" is not an origin');
  });

  it('takes * for any origin', () => {
    expect(parseOrigins('*', [])).toEqual(['*']);
    expect(parseOrigins('https://a.example, *', [])).toEqual(['https://a.example', '*']);
  });
});

describe('corsHeaders', () => {
  it('answers any origin with * when the list holds *', () => {
    expect(corsHeaders({ method: 'GET', origin: 'https://anyone.example' }, ['*'])['access-control-allow-origin']).toBe('*');
  });

  it('gives nothing to a request without Origin, or to a preflight for a method outside the policy', () => {
    expect(corsHeaders({ method: 'POST', origin: undefined }, ['*'])).toEqual({});
    expect(corsHeaders({ method: 'OPTIONS', origin: 'http://localhost:5173', requestMethod: 'DELETE' }, ['http://localhost:5173'])).toEqual({});
  });

  it('allows a preflight that asks for no headers, and one whose method is written in lower case', () => {
    for (const requestMethod of ['POST', 'post']) {
      expect(corsHeaders({ method: 'OPTIONS', origin: 'http://localhost:5173', requestMethod }, ['http://localhost:5173'])['access-control-allow-origin']).toBe('http://localhost:5173');
    }
  });
});
