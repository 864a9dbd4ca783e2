// GraphiQL's Explorer, except that a click in it keeps the query's leading comments (the
// starter's explanation): the Explorer prints the query from its syntax tree, which has none.
import { explorerPlugin, type GraphiQLExplorerPluginProps } from '@graphiql/plugin-explorer';
import { useGraphiQL, useOperationsEditorState, type GraphiQLPlugin } from '@graphiql/react';
import { keepLeadingComments } from './comments';

// The Explorer component is created once (so it keeps what is expanded); its edits go
// through this slot, which the mounted panel points at the editor.
const edits: { apply: (query: string) => void } = { apply: () => {} };

// `onEdit` is not in the plugin's public props, but the plugin spreads its props last,
// so this replaces its default editing with ours.
const inner = explorerPlugin({ onEdit: (query: string) => edits.apply(query) } as GraphiQLExplorerPluginProps);

function ExplorerKeepingComments() {
  const queryEditor = useGraphiQL((state) => state.queryEditor);
  const [operations, setOperations] = useOperationsEditorState();
  edits.apply = (next) => setOperations(keepLeadingComments(queryEditor?.getValue() ?? operations, next));
  const Content = inner.content;
  return <Content />;
}

export const explorer: GraphiQLPlugin = { title: inner.title, icon: inner.icon, content: ExplorerKeepingComments };
