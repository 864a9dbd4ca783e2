/**
 * The server builds its schema from a document parsed at build time, without validating
 * it, and attaches the resolvers itself (cold-start savings); this is where the SDL is
 * validated instead, where the pre-parsed document is held to the SDL, and where the
 * quick build is held to the full one Apollo would make with graphql-tools.
 */
import { createHash } from 'node:crypto';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { buildASTSchema, buildSchema, isInterfaceType, isObjectType, parse, printSchema, validateSchema, type GraphQLInterfaceType, type GraphQLObjectType, type GraphQLScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schemaHash } from '../../functions/graphql/generated/schema-document.js';
import { typeDefs } from '../../functions/graphql/generated/type-defs.js';
import { resolvers } from '../../functions/graphql/resolvers.js';
import { DateScalar } from '../../functions/graphql/scalars.js';
import { attachResolvers, buildGraphSchema, schemaDocument, type ResolverMap } from '../../functions/graphql/server.js';

const full = () => makeExecutableSchema({ typeDefs: [typeDefs], resolvers: resolvers as never });

describe('the executable schema', () => {
  it('comes from SDL that passes full validation', () => {
    const validated = buildSchema(typeDefs);
    expect(validateSchema(validated).map((error) => error.message)).toEqual([]);
  });

  it('is built from a document identical to what graphql-js parses from the SDL', () => {
    // JSON compares key order too; codegen --check (codegen.unit.test.ts) keeps both generated files current with schema/.
    expect(JSON.stringify(schemaDocument())).toBe(JSON.stringify(parse(typeDefs, { noLocation: true })));
  });

  it('prints the same as the schema Apollo builds from the SDL with full validation and merging', () => {
    expect(printSchema(buildGraphSchema())).toBe(printSchema(full()));
  });

  it('has a resolver on exactly the fields and interfaces where graphql-tools puts one, the project function itself', () => {
    const attached = (schema: ReturnType<typeof full>) =>
      Object.values(schema.getTypeMap()).flatMap((type) => [
        ...(isInterfaceType(type) && type.resolveType ? [`${type.name}.__resolveType`] : []),
        ...(isObjectType(type) || isInterfaceType(type) ? Object.values(type.getFields()).filter((field) => field.resolve).map((field) => `${type.name}.${field.name}`) : []),
      ]);
    const ours = attached(buildGraphSchema());
    expect(ours).toEqual(attached(full()));
    expect(ours.length).toBeGreaterThan(100);
    expect(buildGraphSchema().getQueryType()?.getFields().node?.resolve).toBe((resolvers.Query as Record<string, unknown>).node);
  });

  it("uses the Date scalar's own parsing, serialising, description and specification link", () => {
    const date = buildGraphSchema().getType('Date') as GraphQLScalarType;
    const tools = full().getType('Date') as GraphQLScalarType;
    expect([date.serialize, date.parseValue, date.parseLiteral]).toEqual([DateScalar.serialize, DateScalar.parseValue, DateScalar.parseLiteral]);
    expect([date.description, date.specifiedByURL]).toEqual([tools.description, tools.specifiedByURL]);
    expect(() => date.parseValue('2020-13')).toThrow(/Date must be/);
  });
});

describe('attaching resolvers', () => {
  const schema = () => buildASTSchema(parse('interface Named { name: String } type Query { a: Int } type Thing implements Named { name: String } enum Colour { RED }'));

  it('refuses a resolver for a field the schema lacks, as graphql-tools does', () => {
    expect(() => attachResolvers(schema(), { Query: { b: () => 1 } })).toThrow('Query.b has a resolver but is not in the schema.');
  });

  it('refuses resolvers for a type the schema lacks, or one that has no fields', () => {
    expect(() => attachResolvers(schema(), { Missing: { a: () => 1 } })).toThrow('"Missing" has resolvers but is not an object or interface type of the schema.');
    expect(() => attachResolvers(schema(), { Colour: { RED: () => 1 } })).toThrow(/"Colour" has resolvers/);
  });

  it('refuses a resolver that is not a function', () => {
    expect(() => attachResolvers(schema(), { Query: { a: { resolve: () => 1 } } } as ResolverMap)).toThrow('Resolver Query.a must be a function.');
  });

  it("sets an interface's type resolver, an object's type test and an object's fields", () => {
    const resolveType = () => 'Thing';
    const isTypeOf = () => true;
    const name = () => 'x';
    const built = attachResolvers(schema(), { Named: { __resolveType: resolveType }, Thing: { __isTypeOf: isTypeOf, name } });
    const named = built.getType('Named') as GraphQLInterfaceType;
    const thing = built.getType('Thing') as GraphQLObjectType;
    expect([named.resolveType, thing.isTypeOf, thing.getFields().name!.resolve]).toEqual([resolveType, isTypeOf, name]);
  });

  it("gives a custom scalar the resolver's functions and keeps the SDL's extensions beside its own", () => {
    const built = buildASTSchema(parse('scalar Date type Query { d: Date }'));
    Object.assign(built.getType('Date')!, { extensions: { fromSdl: 1 } });
    const date = attachResolvers(built, { Date: DateScalar }).getType('Date') as GraphQLScalarType;
    expect([date.serialize, date.description, { ...date.extensions }]).toEqual([DateScalar.serialize, DateScalar.description, { fromSdl: 1, ...DateScalar.extensions }]);
  });
});

describe('the schema hash in every ETag', () => {
  it('is the SHA-256 of the SDL, computed by codegen rather than at start', () => {
    expect(schemaHash).toBe(createHash('sha256').update(typeDefs).digest('base64url').slice(0, 16));
  });
});

describe('full SDL validation, the check the server skips', () => {
  it('rejects SDL with a field of an unknown type, which the quick build would accept', () => {
    expect(() => buildSchema('type Query { a: Missing }')).toThrow(/Unknown type "Missing"/);
  });
});
