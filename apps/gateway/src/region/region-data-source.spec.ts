import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { REGION_ID } from '@ypf/region';
import { RegionDataSource } from './region-data-source.js';
import { buildRegionSubgraphSchema } from './region-subgraph.js';

function ask(source: RegionDataSource, query: string) {
  return source.process({ request: { query }, context: {} } as unknown as GraphQLDataSourceProcessOptions);
}

describe('RegionDataSource', () => {
  const source = new RegionDataSource(buildRegionSubgraphSchema());

  it('answers the same operation the same way twice (the second from the parsed-document cache)', async () => {
    const first = await ask(source, '{ region { id } }');
    const second = await ask(source, '{ region { id } }');
    expect(first).toEqual({ data: { region: { id: REGION_ID } } });
    expect(second).toEqual(first);
  });

  it('returns parse and validation errors instead of throwing', async () => {
    expect((await ask(source, '{ region { ')).errors?.length).toBe(1);
    expect((await ask(source, '{ region { noSuchField } }')).errors?.[0].message).toMatch(/noSuchField/);
  });
});
