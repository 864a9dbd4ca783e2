/**
 * Dataset namespaces. Every node id belongs to one namespace: `<namespace>/<local id>`,
 * where the local id is `<type prefix>:<slug>` as written in a dataset's YAML
 * (`luton/meeting:cdc-2020-03-02`). A council's namespace is a short readable slug (its
 * ONS code is declared beside it, since codes change when councils are reorganised);
 * bodies that serve many councils live in the shared `registry` namespace.
 *
 * Within a dataset folder, ids of its own namespace are written unqualified; ids of a
 * dependency's namespace are written qualified. Qualifying happens once, when a
 * dataset is built, so everything past the validator sees qualified ids only.
 */

export const NAMESPACE_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/** The namespace of bodies shared by many councils (police, probation, NHS, national departments). */
export const REGISTRY_NAMESPACE = 'registry';

const SEPARATOR = '/';

/** What a dataset folder declares about itself in its `dataset.yaml`. */
export interface DatasetDescriptor {
  /** Stable dataset name, e.g. `luton-2020`. */
  name: string;
  /** Namespace its ids live in, e.g. `luton`. */
  namespace: string;
  title: string;
  /** The council whose business it records; absent for the shared registry. */
  council?: { name: string; onsCode?: string };
  /** True for data invented for the project (it says so wherever it is shown). */
  fictional?: boolean;
  /** Datasets whose namespaces this one may link to. */
  dependencies: string[];
  /**
   * `unqualified`: this dataset's ids were once published without a namespace, and
   * those old ids keep resolving (an alias item per node).
   */
  legacyIds?: 'unqualified';
}

export function qualify(namespace: string, localId: string): string {
  return `${namespace}${SEPARATOR}${localId}`;
}

/** The namespace an id is qualified with, or undefined for a local (unqualified) id. */
export function namespaceOf(id: string): string | undefined {
  const at = id.indexOf(SEPARATOR);
  return at > 0 ? id.slice(0, at) : undefined;
}

/** The id without its namespace. */
export function localIdOf(id: string): string {
  const at = id.indexOf(SEPARATOR);
  return at > 0 ? id.slice(at + 1) : id;
}

export function isQualified(id: string): boolean {
  return namespaceOf(id) !== undefined;
}

/** An id as written in a dataset folder, resolved against that folder's namespace. */
export function resolveId(id: string, ownNamespace: string): string {
  return isQualified(id) ? id : qualify(ownNamespace, id);
}
