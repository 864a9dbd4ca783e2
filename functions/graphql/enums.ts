/**
 * GraphQL spellings of the model's closed sets. The model stores kebab-case values
 * (`in-progress`, `community-group`); the API shows them as enum values
 * (`IN_PROGRESS`, `COMMUNITY_GROUP`). Edge types are already enum-shaped.
 */
import { NODE_TYPES, type NodeTypeName } from '../core/model.js';

export function enumValueOf(value: string): string {
  return value.toUpperCase().replace(/-/g, '_');
}

/** Closed properties that share an enum across node types. */
const SHARED_ENUMS: Record<string, string> = { followUp: 'FollowUp', statusBasis: 'Basis' };

/** The GraphQL enum that carries a closed property of a node type (`followUp` and `statusBasis` share one). */
export function enumNameOf(type: NodeTypeName, property: string): string {
  return SHARED_ENUMS[property] ?? `${type}${property[0]!.toUpperCase()}${property.slice(1)}`;
}

/** The allowed values of a node type's property, if the model closes it. */
export function closedValues(type: NodeTypeName, property: string): readonly string[] | undefined {
  const spec = (NODE_TYPES[type].properties as Record<string, { values?: readonly string[] }>)[property];
  return spec?.values;
}
