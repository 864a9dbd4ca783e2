// Offline GraphiQL for Scrutiny Graph: everything (Monaco workers, CSS, fonts)
// is bundled by Vite, so the page makes no requests beyond its own origin.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import './styles.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { STARTER_QUERY, STARTER_TITLE } from './starter-query';

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

const explorer = explorerPlugin();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <div className="sg-header">
      Scrutiny Graph GraphiQL · starter query: <strong>{STARTER_TITLE}</strong>
    </div>
    <GraphiQL
      fetcher={fetcher}
      storage={storage}
      plugins={[explorer]}
      visiblePlugin={explorer}
      defaultTabs={[{ query: STARTER_QUERY }]}
    />
  </StrictMode>,
);
