import { describe, expect, it } from 'vitest';
import { typeOfId } from '../../functions/core/model.js';
import { isQualified, localIdOf, namespaceOf, NAMESPACE_PATTERN, qualify, resolveId } from '../../functions/core/namespaces.js';

describe('namespaced ids', () => {
  it('qualifies a local id with its namespace and splits it back', () => {
    const id = qualify('luton', 'meeting:cdc-2020-03-02');
    expect(id).toBe('luton/meeting:cdc-2020-03-02');
    expect(namespaceOf(id)).toBe('luton');
    expect(localIdOf(id)).toBe('meeting:cdc-2020-03-02');
    expect(isQualified(id)).toBe(true);
  });

  it('treats an id without a namespace as local', () => {
    expect(namespaceOf('meeting:cdc-2020-03-02')).toBeUndefined();
    expect(localIdOf('meeting:cdc-2020-03-02')).toBe('meeting:cdc-2020-03-02');
    expect(isQualified('meeting:cdc-2020-03-02')).toBe(false);
  });

  it('reads no empty namespace from an id that starts with the separator, and keeps the id whole', () => {
    expect(namespaceOf('/meeting:cdc-2020-03-02')).toBeUndefined();
    expect(isQualified('/meeting:cdc-2020-03-02')).toBe(false);
    expect(localIdOf('/meeting:cdc-2020-03-02')).toBe('/meeting:cdc-2020-03-02');
  });

  it('resolves a folder id against its own namespace and leaves a qualified one alone', () => {
    expect(resolveId('person:david-collins', 'luton')).toBe('luton/person:david-collins');
    expect(resolveId('registry/organisation:bedfordshire-police', 'luton')).toBe('registry/organisation:bedfordshire-police');
  });

  it('reads the node type of qualified and local ids alike', () => {
    expect(typeOfId('luton/meeting:cdc-2020-03-02')).toBe('Meeting');
    expect(typeOfId('meeting:cdc-2020-03-02')).toBe('Meeting');
    expect(typeOfId('luton/nonsense')).toBeUndefined();
  });

  it('accepts short lower-case slugs as namespaces and nothing else', () => {
    expect(NAMESPACE_PATTERN.test('luton')).toBe(true);
    expect(NAMESPACE_PATTERN.test('registry')).toBe(true);
    expect(NAMESPACE_PATTERN.test('Luton')).toBe(false);
    expect(NAMESPACE_PATTERN.test('lu/ton')).toBe(false);
    expect(NAMESPACE_PATTERN.test('')).toBe(false);
  });
});
