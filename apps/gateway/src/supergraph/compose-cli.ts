import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeRegionSupergraph, SUPERGRAPH_PATH } from './compose.js';

/** `npm run compose:supergraph`: rewrites the committed supergraph; a test fails when it drifts. */
const target = resolve(process.cwd(), SUPERGRAPH_PATH);
writeFileSync(target, composeRegionSupergraph());
console.log(`wrote ${target}`);
