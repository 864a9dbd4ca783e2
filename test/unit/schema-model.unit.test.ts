/** The SDL mirrors the model: a type per node type, with every property as a field. */
import { buildSchema, isObjectType, type GraphQLEnumType, type GraphQLObjectType } from 'graphql';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EDGE_TYPES, NODE_TYPES, NODE_TYPE_NAMES } from '../../functions/core/model.js';
import { RELATION_FIELDS } from '../../functions/graphql/relations.js';

const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));

describe('schema and model', () => {
  it('has one NodeType enum value per node type', () => {
    const values = (schema.getType('NodeType') as GraphQLEnumType).getValues().map((v) => v.name);
    expect(values.sort()).toEqual(NODE_TYPE_NAMES.map((t) => NODE_TYPES[t].enumValue).sort());
  });

  it.each(NODE_TYPE_NAMES)('exposes every property of %s as a field of its object type implementing Node', (typeName) => {
    const type = schema.getType(typeName) as GraphQLObjectType;
    expect(isObjectType(type)).toBe(true);
    expect(type.getInterfaces().map((i) => i.name)).toContain('Node');
    const fields = Object.keys(type.getFields());
    const missing = Object.keys(NODE_TYPES[typeName].properties).filter((p) => !fields.includes(p) && p !== 'note');
    expect(missing).toEqual([]);
  });

  it('declares a field in the SDL for every relation resolver, over edge types the model knows', () => {
    for (const [typeName, fields] of Object.entries(RELATION_FIELDS)) {
      const type = schema.getType(typeName) as GraphQLObjectType;
      for (const [field, spec] of Object.entries(fields)) {
        expect(type.getFields()[field], `${typeName}.${field}`).toBeDefined();
        for (const edge of typeof spec.edge === 'string' ? [spec.edge] : spec.edge) expect(EDGE_TYPES).toHaveProperty(edge);
      }
    }
  });
});
