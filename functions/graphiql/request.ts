// The views ask the API through GraphiQL's own fetcher (same endpoint, same headers).
import { fetcherReturnToPromise, type Fetcher } from '@graphiql/toolkit';

export async function request<T>(fetcher: Fetcher, query: string, variables: Record<string, unknown>): Promise<T> {
  const result = await fetcherReturnToPromise(fetcher({ query, variables }));
  const errors = (result as { errors?: ReadonlyArray<{ message: string }> }).errors;
  if (errors?.length) throw new Error(errors.map((error) => error.message).join('; '));
  const data = (result as { data?: unknown }).data;
  if (!data) throw new Error('The API returned no data.');
  return data as T;
}

/**
 * A chain reads left to right and a tracker has many columns: give the plugin pane most
 * of the width when a view opens in a narrower one (the officer can still drag it back).
 */
export function widenPluginPane(inside: HTMLElement | null, share = 0.7): () => void {
  // After GraphiQL's own effects, which size the pane when it opens.
  const timer = setTimeout(() => {
    const pane = inside?.closest<HTMLElement>('.graphiql-plugin');
    const container = pane?.parentElement;
    if (!pane || !container) return;
    if (pane.getBoundingClientRect().width >= container.getBoundingClientRect().width * share * 0.9) return;
    pane.style.flex = String(share / (1 - share));
  }, 0);
  return () => clearTimeout(timer);
}
