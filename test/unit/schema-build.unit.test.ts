/**
 * The server builds its schema without validating the SDL (a cold-start saving); this is
 * where the SDL is validated instead, and where the quick build is held to the full one.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import { buildSchema, printSchema, validateSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { typeDefs } from '../../functions/graphql/generated/type-defs.js';
import { resolvers } from '../../functions/graphql/resolvers.js';
import { buildGraphSchema } from '../../functions/graphql/server.js';

describe('the executable schema', () => {
  it('comes from SDL that passes full validation', () => {
    const validated = buildSchema(typeDefs);
    expect(validateSchema(validated).map((error) => error.message)).toEqual([]);
  });

  it('prints the same as the schema Apollo builds from the SDL with full validation and merging', () => {
    expect(printSchema(buildGraphSchema())).toBe(printSchema(makeExecutableSchema({ typeDefs: [typeDefs], resolvers: resolvers as never })));
  });

  it('has the resolvers attached, so a query field runs project code', () => {
    const field = buildGraphSchema().getQueryType()?.getFields().node;
    expect(typeof field?.resolve).toBe('function');
  });
});

describe('full SDL validation, the check the server skips', () => {
  it('rejects SDL with a field of an unknown type, which the quick build would accept', () => {
    expect(() => buildSchema('type Query { a: Missing }')).toThrow(/Unknown type "Missing"/);
  });
});
