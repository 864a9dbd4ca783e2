/** The local engine in its own process, so a benchmark's memory figures are the exporter's alone. Prints the endpoint, runs until killed. */
import { startLocalEngine } from '../../functions/local/engine.js';

const engine = await startLocalEngine(process.env.ENGINE_PATH ? { path: process.env.ENGINE_PATH } : {});
process.stdout.write(`${engine.endpoint}\n`);
const stop = () => void engine.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
