// The Trace view's layout: elkjs' layered algorithm, left to right, fixed card sizes.
// This file owns every layout option; the renderer only draws what it returns. The
// bundled elkjs build runs in the page itself (no worker script to fetch).
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { linkText, type Diagram } from './delivery';

export const CARD_WIDTH = 184;
export const CARD_HEIGHT = 112;
/** Room a link's words take, for the renderer's 12px text with 17px lines. */
const LINK_LINE_PX = 17;
const LINK_CHAR_PX = 7;

export const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'POLYLINE',
  'elk.spacing.nodeNode': '20',
  'elk.layered.spacing.nodeNodeBetweenLayers': '24',
  'elk.spacing.edgeLabel': '4',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  // Keep the chains' own order (first chain on top) rather than reordering branches.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.padding': '[top=12,left=12,bottom=12,right=12]',
};

export interface Point {
  x: number;
  y: number;
}

export interface PlacedCard {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedLink {
  key: string;
  points: Point[];
  /** Where the link's words go (top-left), when it has any. */
  label: { x: number; y: number; width: number; height: number; text: string } | null;
}

export interface Layout {
  width: number;
  height: number;
  cards: PlacedCard[];
  links: PlacedLink[];
}

const elk = new ELK();

export async function layoutDiagram(diagram: Diagram): Promise<Layout> {
  const edges: ElkExtendedEdge[] = diagram.links.map((link) => {
    const text = linkText(link);
    const lines = text.split('\n');
    const width = Math.max(...lines.map((line) => line.length)) * LINK_CHAR_PX + 8;
    return { id: link.key, sources: [link.from], targets: [link.to], labels: text ? [{ text, width, height: lines.length * LINK_LINE_PX }] : [] };
  });
  const graph: ElkNode = {
    id: 'chains',
    layoutOptions: LAYOUT_OPTIONS,
    children: diagram.cards.map((card) => ({ id: card.key, width: CARD_WIDTH, height: CARD_HEIGHT })),
    edges,
  };
  const placed = await elk.layout(graph);
  return {
    width: Math.ceil(placed.width ?? 0),
    height: Math.ceil(placed.height ?? 0),
    cards: (placed.children ?? []).map((node) => ({ key: node.id, x: node.x ?? 0, y: node.y ?? 0, width: node.width ?? CARD_WIDTH, height: node.height ?? CARD_HEIGHT })),
    links: (placed.edges ?? []).map((edge) => {
      const section = (edge as ElkExtendedEdge).sections?.[0];
      const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
      const label = edge.labels?.[0];
      return {
        key: edge.id,
        points,
        label: label ? { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0, text: label.text ?? '' } : null,
      };
    }),
  };
}
