import { readFileSync } from 'node:fs';
import { API_SCHEMA_PATH, composeRegionApiSchema, composeRegionSupergraph, SUPERGRAPH_PATH } from './compose.js';

describe('committed supergraph', () => {
  it('matches a fresh composition of the region and the eight city subgraphs (run `npm run compose:supergraph`)', () => {
    const committed = readFileSync(SUPERGRAPH_PATH, 'utf8');
    expect(composeRegionSupergraph()).toBe(committed);
  });

  it('commits the API schema clients see: the supergraph without federation machinery (run `npm run compose:supergraph`)', () => {
    const api = composeRegionApiSchema();
    expect(api).toBe(readFileSync(API_SCHEMA_PATH, 'utf8'));
    expect(api).not.toMatch(/join__|@link|@shareable|_entities/);
    expect(api).toMatch(/\n {2}wuxi: CityNode\n/);
  });

  it('gives every city its own nullable Region and Mutation field', () => {
    const sdl = composeRegionSupergraph();
    for (const city of ['nanjing', 'wuxi', 'changzhou', 'suzhou', 'nantong', 'yangzhou', 'zhenjiang', 'taizhou']) {
      expect(sdl).toMatch(new RegExp(`\\n  ${city}: CityNode @join__field\\(graph: ${city.toUpperCase()}\\)`));
      expect(sdl).toMatch(new RegExp(`\\n  ${city}: CityMutation @join__field\\(graph: ${city.toUpperCase()}\\)`));
    }
  });
});
