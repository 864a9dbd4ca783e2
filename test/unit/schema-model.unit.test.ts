/**
 * The SDL mirrors the model: a type per node type, with every property as a field; each
 * closed set of the model is an enum with exactly its values, and each date is a Date.
 */
import { buildSchema, getNamedType, isEnumType, isObjectType, type GraphQLEnumType, type GraphQLObjectType } from 'graphql';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EDGE_PROPERTIES, EDGE_TYPE_NAMES, EDGE_TYPES, NODE_TYPES, NODE_TYPE_NAMES, type PropertySpec } from '../../functions/core/model.js';
import { enumNameOf, enumValueOf } from '../../functions/graphql/enums.js';
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

  it('has one EdgeType enum value per edge type, and types Relationship.type and the relationships filter with it', () => {
    const values = (schema.getType('EdgeType') as GraphQLEnumType).getValues().map((v) => v.name);
    expect(values.sort()).toEqual([...EDGE_TYPE_NAMES].sort());
    expect(String((schema.getType('Relationship') as GraphQLObjectType).getFields().type!.type)).toBe('EdgeType!');
    for (const typeName of NODE_TYPE_NAMES) {
      const filter = (schema.getType(typeName) as GraphQLObjectType).getFields().relationships!.args.find((a) => a.name === 'types');
      expect(String(filter?.type), typeName).toBe('[EdgeType!]');
    }
  });

  it('spells Basis as the model closes basis', () => {
    const values = (schema.getType('Basis') as GraphQLEnumType).getValues().map((v) => v.name);
    expect(values.sort()).toEqual(EDGE_PROPERTIES.basis!.values!.map(enumValueOf).sort());
  });

  const properties = NODE_TYPE_NAMES.flatMap((typeName) =>
    Object.entries(NODE_TYPES[typeName].properties as Record<string, PropertySpec>).map(([name, spec]) => ({ typeName, name, spec })),
  );
  const closed = properties.filter((p) => p.spec.values);

  it.each(closed.map((p) => [`${p.typeName}.${p.name}`, p] as const))('types the closed property %s as an enum of exactly its values', (_label, { typeName, name, spec }) => {
    const field = (schema.getType(typeName) as GraphQLObjectType).getFields()[name]!;
    const named = getNamedType(field.type);
    expect(named.name).toBe(enumNameOf(typeName, name));
    expect(isEnumType(named)).toBe(true);
    expect((named as GraphQLEnumType).getValues().map((v) => v.name).sort()).toEqual(spec.values!.map(enumValueOf).sort());
  });

  it('has no enum for a kind or status the model leaves open', () => {
    const modelled = new Set(closed.map((p) => enumNameOf(p.typeName, p.name)));
    const sdlEnums = Object.values(schema.getTypeMap()).filter((t) => isEnumType(t) && !t.name.startsWith('__') && /(Kind|Status)$/.test(t.name) && t.name !== 'DeliveryStatus');
    expect(sdlEnums.map((t) => t.name).filter((name) => !modelled.has(name))).toEqual([]);
  });

  it('types every date of the model, on nodes and on relationships, as the Date scalar', () => {
    const dates = properties.filter((p) => p.spec.kind === 'date');
    expect(dates.length).toBeGreaterThan(10);
    for (const { typeName, name } of dates) {
      expect(getNamedType((schema.getType(typeName) as GraphQLObjectType).getFields()[name]!.type).name, `${typeName}.${name}`).toBe('Date');
    }
    const edgeDates = Object.entries(EDGE_PROPERTIES).filter(([, spec]) => spec.kind === 'date').map(([name]) => name);
    for (const typeName of ['Relationship', 'PostHolding', 'Membership']) {
      const fields = (schema.getType(typeName) as GraphQLObjectType).getFields();
      for (const name of edgeDates) if (fields[name]) expect(getNamedType(fields[name].type).name, `${typeName}.${name}`).toBe('Date');
    }
  });
});
