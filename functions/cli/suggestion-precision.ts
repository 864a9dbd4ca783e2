/**
 * `npm run data:suggestions`: how well suggested evidence would have found the deliveries the
 * dataset records. For each request with a recorded delivery, the links are hidden (ranking
 * uses text only) and the best rank of a linked node is printed; the summary is precision at 3.
 */
import { suggestionPrecision } from '../core/suggestions.js';
import { loadGraphFromDir } from '../local/dataset-files.js';

const graph = await loadGraphFromDir();
const { hits, total, cases } = suggestionPrecision(graph, 3);
for (const c of cases) console.log(`${c.bestRank !== null && c.bestRank <= 3 ? 'top 3 ' : 'missed'}  ${c.request}: best rank ${c.bestRank ?? '>20'} of ${c.truth.join(', ')}`);
console.log(`\nprecision at 3: ${hits} of ${total} requests (${total ? Math.round((hits / total) * 100) : 0}%)`);
