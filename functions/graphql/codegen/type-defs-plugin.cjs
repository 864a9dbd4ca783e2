// graphql-codegen plugin: emits the schema SDL as a TypeScript string, so the server
// needs no file read at run time and a Lambda bundle carries its own schema.
const { printSchema } = require('graphql');

module.exports = {
  plugin(schema) {
    return `export const typeDefs = ${JSON.stringify(printSchema(schema))};\n`;
  },
};
