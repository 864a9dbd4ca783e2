// The query GraphiQL opens with: what happened to the committee's 2019 request for a
// report on the pilot of target areas? It traces the resolution to its delivery.
export const STARTER_TITLE: string = 'Trace a 2019 resolution to its delivery';

export const STARTER_QUERY: string = `# What happened to the committee's request of 5 March 2019 (resolution 09(iii))
# that the Community Safety Partnership report on the pilot of target areas?
# Press the run button (or Ctrl-Enter). Every node and link carries its citation.
query TraceResolutionToDelivery {
  trace(from: "resolution:cdc-2019-03-05-09-iii", direction: DOWNSTREAM, maxDepth: 6) {
    root {
      id
      label
      ... on Resolution { text delivery }
    }
    paths
    gaps { code reason node { id label } }
    nodes {
      __typename
      id
      label
      ... on Organisation { name }
      ... on Action { number title leads { role lead { label } } }
      ... on Operation { name places { name } }
      ... on Meeting { date venue }
      ... on AgendaItem { number title meeting { label } }
      ... on ProgressUpdate { asAt text }
      sources { quote locator }
    }
    edges {
      type
      basis
      rationale
      from { id }
      to { id }
      sources { quote locator }
    }
  }
}
`;
