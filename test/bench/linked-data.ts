/**
 * Measures the RDF a JSON-LD export holds, as jsonld.js reads it with no network:
 * triples in all, how many are rdf:List plumbing (rdf:first, rdf:rest), literals by
 * datatype, subjects per class; then checks it against the SHACL shapes
 * (functions/core/export/shapes.ttl) with rdf-validate-shacl.
 *
 *   npm run export -- --out /tmp/export && npm run bench:linked-data -- /tmp/export
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Parser, Store } from 'n3';
import { toNQuads, validateShapes } from '../fixtures/linked-data.js';

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

async function main(): Promise<void> {
  const arg = process.argv[2];
  if (!arg) throw new Error('Give an export folder or a graph.jsonld file: npm run bench:linked-data -- /tmp/export');
  const file = (await stat(arg)).isDirectory() ? path.join(arg, 'graph.jsonld') : arg;
  const document = JSON.parse(await readFile(file, 'utf8'));
  const started = performance.now();
  const quads = new Parser({ format: 'N-Quads' }).parse(await toNQuads(document));
  const ms = performance.now() - started;
  let list = 0;
  let nil = 0;
  const datatypes = new Map<string, number>();
  const classes = new Map<string, number>();
  for (const quad of quads) {
    const p = quad.predicate.value;
    if (p === `${RDF}first` || p === `${RDF}rest`) list++;
    if (quad.object.termType === 'NamedNode' && quad.object.value === `${RDF}nil`) nil++;
    if (quad.object.termType === 'Literal') {
      const datatype = quad.object.datatype?.value ?? `${XSD}string`;
      datatypes.set(datatype, (datatypes.get(datatype) ?? 0) + 1);
    }
    if (p === `${RDF}type`) classes.set(quad.object.value, (classes.get(quad.object.value) ?? 0) + 1);
  }
  const short = (iri: string) => iri.replace(XSD, 'xsd:').replace(RDF, 'rdf:');
  const pct = (n: number) => `${((100 * n) / quads.length).toFixed(1)}%`;
  console.log(`${file}`);
  console.log(`triples: ${quads.length} (toRDF ${ms.toFixed(0)} ms)`);
  console.log(`rdf:List plumbing (rdf:first + rdf:rest): ${list} (${pct(list)}); objects rdf:nil: ${nil}`);
  console.log(`literals by datatype: ${[...datatypes].sort((a, b) => b[1] - a[1]).map(([d, n]) => `${short(d)} ${n}`).join(', ')}`);
  console.log(`classes (${classes.size}):`);
  for (const [iri, n] of [...classes].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(6)}  ${iri}`);
  const checked = performance.now();
  const { conforms, violations } = await validateShapes(new Store(quads));
  console.log(`SHACL (shapes.ttl, rdf-validate-shacl): ${conforms ? 'conforms' : 'does not conform'}, ${violations.length} violation(s) (${(performance.now() - checked).toFixed(0)} ms)`);
  for (const v of violations.slice(0, 20)) console.log(`  ${v.focus} ${v.path ?? ''}: ${v.message}`);
  if (!conforms) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
