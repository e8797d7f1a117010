import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { API_SCHEMA_PATH, composeRegionApiSchema, composeRegionSupergraph, SUPERGRAPH_PATH } from './compose.js';

/** `npm run compose:supergraph`: rewrites the committed supergraph and API schema; a test fails when either drifts. */
for (const [path, content] of [
  [SUPERGRAPH_PATH, composeRegionSupergraph()],
  [API_SCHEMA_PATH, composeRegionApiSchema()],
] as const) {
  const target = resolve(process.cwd(), path);
  writeFileSync(target, content);
  console.log(`wrote ${target}`);
}
