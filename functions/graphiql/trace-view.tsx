// Trace view: the delivery chains of the current result (or of a node the officer picks)
// as a left-to-right picture of cards. It reads the result from GraphiQL's store, as
// GraphiQL's own plugins do; elkjs lays the cards out (loaded when the view first draws).
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useGraphiQL, useGraphiQLActions, type GraphiQLPlugin } from '@graphiql/react';
import {
  chainsFromResponse,
  DELIVERY_CHAINS_QUERY,
  humanise,
  STAGE_NAMES,
  toDiagram,
  type Card,
  type Citation,
  type DeliveryChains,
  type Diagram,
  type DiagramLink,
} from './delivery';
import type { Layout, PlacedCard, PlacedLink } from './layout';
import { request, widenPluginPane } from './request';

const SEARCH_QUERY = `query TraceViewSearch($text: String!) {
  search(text: $text, first: 10) { nodes { id type label } }
}`;

type Direction = 'DOWNSTREAM' | 'UPSTREAM';
interface Picked {
  id: string;
  direction: Direction;
}
type Loaded = { state: 'idle' } | { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; chains: DeliveryChains };

function TraceIcon() {
  return (
    <svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" strokeWidth={1.5} aria-hidden="true">
      <rect x="1.5" y="8" width="6" height="8" rx="1" />
      <rect x="16.5" y="3" width="6" height="7" rx="1" />
      <rect x="16.5" y="14" width="6" height="7" rx="1" />
      <path d="M7.5 12h4.5M12 12V6.5h4.5M12 12v5.5h4.5" />
    </svg>
  );
}

function Citations({ sources }: { sources: Citation[] | undefined }) {
  if (!sources?.length) return <p className="sg-muted">No citation in this result.</p>;
  return (
    <ul className="sg-citations">
      {sources.map((source, index) => (
        <li key={index}>
          <blockquote>“{source.quote}”</blockquote>
          <p className="sg-locator">{source.locator}</p>
        </li>
      ))}
    </ul>
  );
}

function Details({ card, incoming, onTrace }: { card: Card; incoming: DiagramLink[]; onTrace: (picked: Picked) => void }) {
  if (card.kind === 'gap') {
    return (
      <>
        <h3>Gap at “{STAGE_NAMES[card.stage] ?? humanise(card.stage)}”</h3>
        <p>{card.reason}</p>
        {card.code && <p className="sg-muted">Code: {card.code}</p>}
      </>
    );
  }
  return (
    <>
      <h3>
        {STAGE_NAMES[card.stage] ?? humanise(card.stage)}: {card.fullLabel}
      </h3>
      <p className="sg-muted">
        {humanise(card.node.type)}
        {card.date ? ` · ${card.date}` : ''} · <code>{card.node.id}</code>
      </p>
      <h4>What the source says</h4>
      <Citations sources={card.node.sources} />
      {incoming.map((link) => (
        <div key={link.key}>
          <h4>
            Link “{humanise(link.type, false)}” ({link.basis === 'INFERRED' ? 'inferred' : 'stated'})
          </h4>
          {link.rationale && <p>Why it was inferred: {link.rationale}</p>}
          {link.sources.length > 0 && <Citations sources={link.sources} />}
        </div>
      ))}
      {card.context.length > 0 && (
        <>
          <h4>Leads, partners, places and funders</h4>
          <ul>
            {card.context.map((context, index) => (
              <li key={index}>
                {humanise(context.role)}: {context.node?.label ?? context.node?.id}
                {context.printedRole ? ` (${context.printedRole})` : ''}
                {context.basis === 'INFERRED' ? ' (inferred)' : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="sg-actions">
        <button type="button" className="sg-button" onClick={() => onTrace({ id: card.node.id, direction: 'DOWNSTREAM' })}>
          Trace from here
        </button>
        <button type="button" className="sg-button" onClick={() => onTrace({ id: card.node.id, direction: 'UPSTREAM' })}>
          What led to it
        </button>
      </div>
    </>
  );
}

function linkPath(points: Array<{ x: number; y: number }>): string {
  return points.map((point, index) => `${index ? 'L' : 'M'}${point.x},${point.y}`).join(' ');
}

function ChainDiagram({ diagram, selected, onSelect, detailsId }: { diagram: Diagram; selected: string | null; onSelect: (key: string) => void; detailsId: string }) {
  const [layout, setLayout] = useState<Layout | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const markerId = useId().replace(/:/g, '');
  useEffect(() => {
    let current = true;
    setLayout(null);
    import('./layout')
      .then(({ layoutDiagram }) => layoutDiagram(diagram))
      .then((placed) => current && setLayout(placed))
      .catch((error: unknown) => current && setFailed(String(error)));
    return () => {
      current = false;
    };
  }, [diagram]);
  if (failed) return <p role="alert">The diagram could not be laid out: {failed}</p>;
  if (!layout) return <p className="sg-muted">Drawing…</p>;
  const cards = new Map(diagram.cards.map((card) => [card.key, card]));
  const links = new Map(diagram.links.map((link) => [link.key, link]));
  // Reading and tab order follow the picture, cards and link words alike: left to right,
  // then top to bottom.
  type Item = { x: number; y: number; card?: PlacedCard; link?: PlacedLink };
  const items: Item[] = [
    ...layout.cards.map((card) => ({ x: card.x, y: card.y, card })),
    ...layout.links.filter((link) => link.label).map((link) => ({ x: link.label!.x, y: link.label!.y, link })),
  ].sort((a, b) => a.x - b.x || a.y - b.y);
  const drawCard = (box: PlacedCard) => {
    const card = cards.get(box.key);
    if (!card) return null;
    const style = { left: box.x, top: box.y, width: box.width, height: box.height };
    const isSelected = selected === card.key;
    if (card.kind === 'gap') {
      return (
        <button key={card.key} type="button" className="sg-card sg-card-gap" style={style} aria-pressed={isSelected} aria-controls={detailsId} onClick={() => onSelect(card.key)}>
          <span className="sg-stage">Gap: {STAGE_NAMES[card.stage] ?? humanise(card.stage)}</span>
          <span className="sg-reason">{card.reason}</span>
        </button>
      );
    }
    return (
      <button
        key={card.key}
        type="button"
        className={`sg-card sg-card-${card.stage.toLowerCase().replace(/_/g, '-')}`}
        style={style}
        aria-pressed={isSelected}
        aria-controls={detailsId}
        onClick={() => onSelect(card.key)}
      >
        <span className="sg-stage">{STAGE_NAMES[card.stage] ?? humanise(card.stage)}</span>
        <span className="sg-type">{humanise(card.node.type)}</span>
        <span className="sg-label">{card.label}</span>
        {card.date && <span className="sg-date">{card.date}</span>}
      </button>
    );
  };
  return (
    <div className="sg-diagram" role="group" aria-label="Delivery chains, left to right">
      <div className="sg-canvas" style={{ width: layout.width, height: layout.height }}>
        <svg width={layout.width} height={layout.height} aria-hidden="true" className="sg-links">
          <defs>
            <marker id={markerId} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill="currentColor" />
            </marker>
          </defs>
          {layout.links.map((placedLink) => {
            const link = links.get(placedLink.key);
            return (
              <path
                key={placedLink.key}
                d={linkPath(placedLink.points)}
                className={`sg-link sg-link-${(link?.basis ?? 'STATED').toLowerCase()}`}
                markerEnd={`url(#${markerId})`}
              />
            );
          })}
        </svg>
        {items.map(({ card: box, link: placedLink }) => {
          if (box) return drawCard(box);
          const link = placedLink && links.get(placedLink.key);
          if (!placedLink?.label || !link) return null;
          const style = { left: placedLink.label.x, top: placedLink.label.y, minWidth: placedLink.label.width };
          if (link.basis !== 'INFERRED') {
            return (
              <span key={placedLink.key} className="sg-link-label" style={style}>
                {placedLink.label.text}
              </span>
            );
          }
          const tipId = `${markerId}-${placedLink.key.replace(/[^a-zA-Z0-9-]/g, '_')}`;
          return (
            <span key={placedLink.key} className="sg-link-label sg-link-label-inferred" style={style} tabIndex={0} aria-describedby={tipId}>
              {placedLink.label.text}
              <span role="tooltip" id={tipId} className="sg-tip">
                Inferred: {link.rationale ?? 'no rationale recorded'}
              </span>
            </span>
          );
        })}
      </div>
    </div>
  );
}

function TraceView() {
  const response = useGraphiQL((state) => state.tabs[state.activeTabIndex]?.response ?? null);
  const query = useGraphiQL((state) => state.tabs[state.activeTabIndex]?.query ?? '');
  const isFetching = useGraphiQL((state) => state.isFetching);
  const editorsReady = useGraphiQL((state) => Boolean(state.queryEditor && state.responseEditor));
  const fetcher = useGraphiQL((state) => state.fetcher);
  const { run } = useGraphiQLActions();
  const root = useRef<HTMLElement>(null);
  const started = useRef(false);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'idle' });
  const [selected, setSelected] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [direction, setDirection] = useState<Direction>('DOWNSTREAM');
  const [found, setFound] = useState<Array<{ id: string; type: string; label: string }> | null>(null);
  const detailsId = useId();
  const inputId = useId();
  const directionId = useId();

  useEffect(() => widenPluginPane(root.current), []);

  // One click from the starter tab: opening the view runs a not-yet-run chains query (once
  // the editors exist: a click in the page's first moments may come before them).
  useEffect(() => {
    if (started.current || !editorsReady) return;
    started.current = true;
    if (!response && !isFetching && /\bdeliveryChains\s*\(/.test(query)) run();
  }, [editorsReady, response, isFetching, query, run]);

  // A new result in the editor replaces whatever was traced from inside the view.
  useEffect(() => {
    setPicked(null);
    setSelected(null);
  }, [response]);

  useEffect(() => {
    if (!picked) return;
    let current = true;
    setLoaded({ state: 'loading' });
    setSelected(null);
    request<{ deliveryChains: DeliveryChains }>(fetcher, DELIVERY_CHAINS_QUERY, { from: picked.id, direction: picked.direction })
      .then((data) => current && setLoaded({ state: 'done', chains: data.deliveryChains }))
      .catch((error: Error) => current && setLoaded({ state: 'error', message: error.message }));
    return () => {
      current = false;
    };
  }, [picked, fetcher]);

  const fromResult = useMemo(() => chainsFromResponse(response), [response]);
  const shown = picked ? (loaded.state === 'done' ? loaded.chains : null) : fromResult;
  const diagram = useMemo(() => (shown ? toDiagram(shown) : null), [shown]);
  const selectedCard = diagram?.cards.find((card) => card.key === selected) ?? null;

  const trace = (next: Picked) => {
    setFound(null);
    setPicked(next);
    root.current?.querySelector<HTMLElement>('.sg-trace-status')?.focus();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (!value) return;
    if (/^[a-z][a-z-]*:\S+$/.test(value)) {
      trace({ id: value, direction });
      return;
    }
    try {
      const data = await request<{ search: { nodes: Array<{ id: string; type: string; label: string }> } }>(fetcher, SEARCH_QUERY, { text: value });
      setFound(data.search.nodes);
    } catch (error) {
      setLoaded({ state: 'error', message: (error as Error).message });
    }
  };

  let status: string;
  if (picked && loaded.state === 'loading') status = `Tracing ${picked.id}…`;
  else if (picked && loaded.state === 'error') status = `Could not trace ${picked.id}: ${loaded.message}`;
  else if (shown) {
    const chains = shown.chains.length;
    status = `${shown.direction === 'UPSTREAM' ? 'What led to' : 'What became of'} ${shown.root.label ?? shown.root.id}: ${chains} chain${chains === 1 ? '' : 's'}${shown.delivery ? `, delivery ${humanise(shown.delivery, false)}` : ''}.`;
  } else if (isFetching) status = 'Running the query…';
  else status = 'Run a deliveryChains query (the starter tab has one), or trace a node below.';

  return (
    <section className="sg-view" ref={root} aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`} className="sg-view-title">
        Trace view
      </h2>
      <p className="sg-trace-status" tabIndex={-1} role="status">
        {status}
      </p>
      {picked && fromResult && (
        <button type="button" className="sg-button sg-link-button" onClick={() => setPicked(null)}>
          Back to the result in the editor
        </button>
      )}
      {diagram && <ChainDiagram diagram={diagram} selected={selected} onSelect={setSelected} detailsId={detailsId} />}
      <section id={detailsId} className="sg-details" aria-live="polite" aria-label="Selected step">
        {selectedCard ? (
          <Details card={selectedCard} incoming={diagram?.links.filter((link) => link.to === selectedCard.key) ?? []} onTrace={trace} />
        ) : (
          diagram && <p className="sg-muted">Select a card (click, or Tab then Enter) to read its citations and trace from it.</p>
        )}
      </section>
      <form className="sg-form" onSubmit={(event) => void onSubmit(event)}>
        <label htmlFor={inputId}>Trace a node: its id, or words to search for</label>
        <div className="sg-row">
          <input id={inputId} type="text" value={text} onChange={(event) => setText(event.target.value)} placeholder="luton/resolution:cdc-2019-03-05-09-iii or Octans" />
          <label htmlFor={directionId} className="sg-visually-hidden">
            Direction
          </label>
          <select id={directionId} value={direction} onChange={(event) => setDirection(event.target.value as Direction)}>
            <option value="DOWNSTREAM">What became of it</option>
            <option value="UPSTREAM">What led to it</option>
          </select>
          <button type="submit" className="sg-button">
            Trace
          </button>
        </div>
      </form>
      {found && (
        <div className="sg-found">
          <p>{found.length ? 'Pick one to trace:' : 'Nothing matches those words.'}</p>
          <ul>
            {found.map((node) => (
              <li key={node.id}>
                <button type="button" className="sg-button sg-link-button" onClick={() => trace({ id: node.id, direction })}>
                  {node.label} ({humanise(node.type)})
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

export const traceViewPlugin: GraphiQLPlugin = {
  title: 'Trace view',
  icon: TraceIcon,
  content: TraceView,
};
