// Offline GraphiQL for Scrutiny Graph: everything (Monaco workers, CSS, fonts)
// is bundled by Vite, so the page makes no requests beyond its own origin.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import './styles.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import type { GraphiQLPlugin } from '@graphiql/react';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { explorer } from './explorer';
import { STARTER_QUERY, STARTER_TITLE } from './starter-query';
import { traceViewPlugin } from './trace-view';
import { trackerViewPlugin } from './tracker-view';

// Same origin as the page, so it works on any host/port (local, API Gateway, ...).
const fetcher = createGraphiQLFetcher({
  url: new URL('/graphql', window.location.origin).toString(),
});

// GraphiQL keeps tabs under generic "graphiql:*" keys, shared by every GraphiQL
// on this origin; a private prefix means other instances' saved tabs can't
// replace our starter tab on first visit.
const PREFIX = 'scrutiny-graph:';
const storage: Storage = {
  getItem: (key) => localStorage.getItem(PREFIX + key),
  setItem: (key, value) => localStorage.setItem(PREFIX + key, value),
  removeItem: (key) => localStorage.removeItem(PREFIX + key),
  clear: () => {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(PREFIX)) localStorage.removeItem(key);
    }
  },
  key: (index) => Object.keys(localStorage).filter((k) => k.startsWith(PREFIX))[index] ?? null,
  get length() {
    return Object.keys(localStorage).filter((k) => k.startsWith(PREFIX)).length;
  },
};

// Stable: GraphiQL re-registers its plugins whenever this array changes.
const PLUGINS: GraphiQLPlugin[] = [traceViewPlugin, trackerViewPlugin, explorer];

// GraphiQL opens with no plugin panel (unless the officer left one open last time), so
// the starter's explanation is readable on a laptop screen.
// The header's buttons open a view in one click. They press the view's own button in
// GraphiQL's sidebar: the pane's open/closed state is GraphiQL's own, and that button is
// the one control that sets both it and the visible plugin.
function openView(plugin: GraphiQLPlugin): void {
  const started = performance.now();
  const attempt = () => {
    const sidebar = (state: 'Show' | 'Hide') => document.querySelector<HTMLButtonElement>(`.graphiql-sidebar button[aria-label="${state} ${plugin.title}"]`);
    if (sidebar('Hide')) return; // already open
    const show = sidebar('Show');
    // A click in the page's first moments may come before GraphiQL has drawn its sidebar.
    if (show) show.click();
    else if (performance.now() - started < 10_000) setTimeout(attempt, 100);
  };
  attempt();
}

function App() {
  return (
    <>
      <header className="sg-header">
        <span>
          Scrutiny Graph · starter question: <strong>{STARTER_TITLE}</strong>
        </span>
        <span className="sg-header-actions">
          <button type="button" className="sg-button" onClick={() => openView(traceViewPlugin)}>
            See the answer as a picture
          </button>
          <button type="button" className="sg-button" onClick={() => openView(trackerViewPlugin)}>
            Recommendation tracker
          </button>
        </span>
      </header>
      <GraphiQL fetcher={fetcher} storage={storage} plugins={PLUGINS} defaultTabs={[{ query: STARTER_QUERY }]} />
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
