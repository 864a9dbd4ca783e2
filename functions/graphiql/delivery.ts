// What the Trace view draws: the delivery chains of a GraphQL result, read leniently
// (a hand-written query may ask for fewer fields) and merged into one diagram of cards
// and links. Pure functions, so they are tested without a browser.

export type Basis = 'STATED' | 'INFERRED';

export interface Citation {
  quote: string;
  locator: string;
}

export interface StepNode {
  id: string;
  type?: string;
  label?: string;
  /** A progress update's own words: what tells one update from another on a card. */
  text?: string;
  sources?: Citation[];
}

export interface DeliveryLink {
  type: string;
  basis: Basis;
  rationale?: string | null;
  sources?: Citation[];
}

export interface DeliveryContext {
  role: string;
  printedRole?: string | null;
  basis?: Basis;
  node?: { id: string; label?: string };
}

export interface DeliveryStep {
  stage: string;
  label?: string;
  date?: string | null;
  /** Undated progress: its document's date, an upper bound (never shown as its date). */
  notLaterThan?: string | null;
  node: StepNode;
  via?: DeliveryLink | null;
  context?: DeliveryContext[];
}

export interface DeliveryGap {
  stage: string;
  code?: string;
  reason: string;
}

export interface DeliveryChains {
  root: StepNode;
  direction?: string;
  delivery?: string | null;
  chains: Array<{ steps: DeliveryStep[]; gap?: DeliveryGap | null }>;
}

/** The query the Trace view sends for a node the officer picks. */
export const DELIVERY_CHAINS_QUERY = `query TraceView($from: ID!, $direction: TraceDirection) {
  deliveryChains(from: $from, direction: $direction) {
    root { id type label }
    direction
    delivery
    chains {
      steps {
        stage
        label
        date
        notLaterThan
        node { id type label ... on ProgressUpdate { text } sources { quote locator } }
        via { type basis rationale sources { quote locator } }
        context { role printedRole basis node { id label } }
      }
      gap { stage code reason }
    }
  }
}`;

export const STAGE_NAMES: Record<string, string> = {
  REQUEST: 'Request',
  SENT_TO: 'Sent to',
  RESPONSE: 'Response',
  TAKEN_UP_BY: 'Taken up by',
  DELIVERED_BY: 'Delivered by',
  PROGRESS: 'Progress',
  REPORTED_BACK: 'Reported back',
  OUTCOME: 'Outcome',
};

/** `AGENDA_ITEM` -> `Agenda item`, `REPORTED_AT` -> `reported at`. */
export function humanise(code: string | undefined, capital = true): string {
  if (!code) return '';
  const words = code.toLowerCase().replace(/_/g, ' ');
  return capital ? words.charAt(0).toUpperCase() + words.slice(1) : words;
}

function isChains(value: unknown): value is DeliveryChains {
  return typeof value === 'object' && value !== null && Array.isArray((value as DeliveryChains).chains) && typeof (value as DeliveryChains).root === 'object';
}

/**
 * The delivery chains in a GraphQL response (the text GraphiQL shows), under any alias;
 * null when the response holds none or is not JSON.
 */
export function chainsFromResponse(response: string | null | undefined): DeliveryChains | null {
  if (!response) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(response);
  } catch {
    return null;
  }
  const data = (parsed as { data?: Record<string, unknown> } | null)?.data;
  if (!data || typeof data !== 'object') return null;
  const found = Object.values(data).find(isChains);
  return found ?? null;
}

export interface StepCard {
  kind: 'step';
  key: string;
  stage: string;
  node: StepNode;
  label: string;
  fullLabel: string;
  date: string | null;
  context: DeliveryContext[];
}

export interface GapCard {
  kind: 'gap';
  key: string;
  stage: string;
  code: string;
  reason: string;
}

export type Card = StepCard | GapCard;

export interface DiagramLink {
  key: string;
  from: string;
  to: string;
  /** Edge type as the API gives it; empty for the dotted line to a gap. */
  type: string;
  basis: Basis | 'GAP';
  rationale: string | null;
  sources: Citation[];
}

export interface Diagram {
  cards: Card[];
  links: DiagramLink[];
}

/**
 * One diagram from all chains: a node shared by several branches (the request, the body
 * it was sent to) is one card, so branches fan out from it; each chain's gap is a card
 * after its last step.
 */
export function toDiagram(result: DeliveryChains): Diagram {
  const cards = new Map<string, Card>();
  const links = new Map<string, DiagramLink>();
  for (const chain of result.chains) {
    let previous: string | null = null;
    for (const step of chain.steps ?? []) {
      const key = `node:${step.node.id}`;
      if (!cards.has(key)) {
        cards.set(key, {
          kind: 'step',
          key,
          stage: step.stage,
          node: step.node,
          // On a card the chain around it gives the context, so the node's own label (or
          // a progress update's words) reads best; the standalone step label heads the
          // card's details.
          label: step.node.text ?? step.node.label ?? step.label ?? step.node.id,
          fullLabel: step.label ?? step.node.label ?? step.node.id,
          date: step.date ?? (step.notLaterThan ? `undated, reported by ${step.notLaterThan}` : null),
          context: step.context ?? [],
        });
      }
      if (previous && previous !== key) {
        const linkKey = `${previous}->${key}`;
        if (!links.has(linkKey)) {
          links.set(linkKey, {
            key: linkKey,
            from: previous,
            to: key,
            type: step.via?.type ?? '',
            basis: step.via?.basis ?? 'STATED',
            rationale: step.via?.rationale ?? null,
            sources: step.via?.sources ?? [],
          });
        }
      }
      previous = key;
    }
    if (chain.gap) {
      const key = `gap:${previous ?? 'root'}:${chain.gap.stage}:${chain.gap.code ?? ''}`;
      if (!cards.has(key)) cards.set(key, { kind: 'gap', key, stage: chain.gap.stage, code: chain.gap.code ?? '', reason: chain.gap.reason });
      if (previous) {
        const linkKey = `${previous}->${key}`;
        links.set(linkKey, { key: linkKey, from: previous, to: key, type: '', basis: 'GAP', rationale: null, sources: [] });
      }
    }
  }
  return { cards: [...cards.values()], links: [...links.values()] };
}

/** The words on a link: its type, and (on a second line) that it is a judgement when it is one. */
export function linkText(link: DiagramLink): string {
  if (link.basis === 'GAP') return '';
  const type = humanise(link.type, false);
  return link.basis === 'INFERRED' ? `${type}\n(inferred)` : type;
}
