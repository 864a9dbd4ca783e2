// graphql-codegen plugin: emits the schema's parsed document, so a cold start decodes it
// instead of lexing and parsing the SDL (functions/graphql/server.ts, schemaDocument).
// The document is what graphql-js's `parse` returns for the printed SDL without locations,
// as JSON, Brotli-compressed and base64-encoded: about 17 KB where the SDL is 58 KB and
// the JSON 250 KB. Beside it, the hash of the SDL that HTTP caching puts in every ETag.
const { createHash } = require('node:crypto');
const { brotliCompressSync, constants } = require('node:zlib');
const { parse, printSchema } = require('graphql');

module.exports = {
  plugin(schema) {
    const sdl = printSchema(schema);
    const json = Buffer.from(JSON.stringify(parse(sdl, { noLocation: true })), 'utf8');
    const packed = brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: json.length } });
    const hash = createHash('sha256').update(sdl).digest('base64url').slice(0, 16);
    return [
      '/** SHA-256 of the SDL (`typeDefs`), base64url, its first 16 characters. */',
      `export const schemaHash = ${JSON.stringify(hash)};`,
      '',
      '/** The SDL\'s DocumentNode as graphql-js parses it (no locations): JSON, Brotli, base64. */',
      `export const packedSchemaDocument = ${JSON.stringify(packed.toString('base64'))};`,
      '',
    ].join('\n');
  },
};
