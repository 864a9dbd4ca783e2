/**
 * The one place storage decides what a caller may read. Every node and edge item carries
 * `vis` (`public` | `restricted`, written by the loader); every read method of the store
 * takes the caller's Viewer and passes what it read through `visibleItems` (or asks
 * `visibleFilter` to let DynamoDB drop restricted items first), so no resolver, trace or
 * export can forget. A restricted item is, to a caller who may not see it, exactly what a
 * missing one is.
 */
import { seesRestricted, type Viewer, type Visibility } from '../core/access.js';
import type { Restriction } from '../core/visibility.js';

type Item = Record<string, unknown>;

export const VIS_ATTRIBUTE = 'vis';
const RESTRICTED: Visibility = 'restricted';

/** What a node or edge item stores of its visibility. */
export function visibilityAttributes(entry: { restriction?: Restriction }): { vis: Visibility; restriction?: Restriction } {
  return entry.restriction ? { vis: RESTRICTED, restriction: entry.restriction } : { vis: 'public' };
}

const REASON_NOT_STORED: Restriction = Object.freeze({ reason: 'confidential-partnership', note: 'Stored as restricted without its reason.' }) as Restriction;

/** The restriction of an item read back (only officers get restricted items). */
export function restrictionOf(item: Item): { restriction?: Restriction } {
  return item[VIS_ATTRIBUTE] === RESTRICTED ? { restriction: (item.restriction as Restriction | undefined) ?? REASON_NOT_STORED } : {};
}

/** The visibilities of what the viewer may read. */
export function readableVisibilities(viewer: Viewer): readonly Visibility[] {
  return seesRestricted(viewer) ? ['public', RESTRICTED] : ['public'];
}

/** Whether the viewer may read this item. Anything not marked restricted is public. */
export function canRead(viewer: Viewer, item: Item): boolean {
  return item[VIS_ATTRIBUTE] !== RESTRICTED || seesRestricted(viewer);
}

/** The items the viewer may read, in their order. */
export function visibleItems<T extends Item>(viewer: Viewer, items: readonly T[]): T[] {
  return seesRestricted(viewer) ? [...items] : items.filter((item) => item[VIS_ATTRIBUTE] !== RESTRICTED);
}

/**
 * A FilterExpression that drops restricted items on the server, for reads that count or
 * page (undefined for a viewer who sees everything). Its placeholders are `#vis` and `:restricted`.
 */
export function visibleFilter(viewer: Viewer): { FilterExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> } | undefined {
  if (seesRestricted(viewer)) return undefined;
  return { FilterExpression: '#vis <> :restricted', ExpressionAttributeNames: { '#vis': VIS_ATTRIBUTE }, ExpressionAttributeValues: { ':restricted': RESTRICTED } };
}

type Filterable = { FilterExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> };

/**
 * A Query or Scan input that also drops what the viewer may not see, on the server: the
 * visibility condition is ANDed to any filter the input already has (a dataset scope).
 * Unchanged for a viewer who sees everything.
 */
export function withVisibility<T extends Filterable>(viewer: Viewer, input: T): T {
  const filter = visibleFilter(viewer);
  if (!filter) return input;
  return {
    ...input,
    FilterExpression: input.FilterExpression ? `(${input.FilterExpression}) AND ${filter.FilterExpression}` : filter.FilterExpression,
    ExpressionAttributeNames: { ...input.ExpressionAttributeNames, ...filter.ExpressionAttributeNames },
    ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ...filter.ExpressionAttributeValues },
  };
}
