// The query GraphiQL opens with: what happened to the committee's 2019 request for a
// report on the pilot of target areas? The explanation is the leading comment block,
// which the Explorer keeps (see comments.ts).
export const STARTER_TITLE: string = 'What became of resolution 09(iii) of 5 March 2019?';

export const STARTER_QUERY: string = `# What became of the committee's request of
# 5 March 2019 (resolution 09(iii)) that the
# Community Safety Partnership report on the
# pilot of target areas?
#
# To see the answer as a picture, click "See the
# answer as a picture" above (or the Trace view
# icon in the left bar). To read it as JSON, run
# this query (the pink button, or Ctrl-Enter).
#
# A chain runs: request -> sent to -> taken up
# by -> delivered by -> progress -> reported back.
# Each step cites its source (quote, locator); an
# inferred link says why it was drawn; a gap says
# where the chain stops.
query WhatBecameOfResolution09iii {
  deliveryChains(from: "luton/resolution:cdc-2019-03-05-09-iii", direction: DOWNSTREAM) {
    root { id label }
    delivery
    chains {
      steps {
        stage
        label
        date
        node { id type label ... on ProgressUpdate { text } sources { quote locator } }
        via { type basis rationale sources { quote locator } }
        context { role printedRole basis node { id label } }
      }
      gap { stage code reason }
    }
  }
}
`;
