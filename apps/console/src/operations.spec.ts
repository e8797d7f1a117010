import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { buildFeedSchema } from '../../city-node/src/modules/feed/feed-schema.js';
import { CITY_CODES } from '@ypf/region';
import { acrossCities } from './api';
import * as operations from './operations';

/** The API the gateway serves, as `npm run compose:supergraph` commits it from libs/contract. */
const apiSchema = () => buildSchema(readFileSync('apps/gateway/supergraph/api-schema.graphql', 'utf8'));

/** Every text an operation can take: an `AtCity` for each city, an `AcrossCities` for all eight at once and for one. */
function expand(name: string, op: unknown): [string, string][] {
  if (typeof op === 'function') return CITY_CODES.map((city) => [`${name}(${city})`, (op as operations.AtCity)(city)]);
  if (typeof op === 'string') return [[name, op]];
  if (typeof op === 'object' && op !== null && 'selection' in op) {
    const across = op as operations.AcrossCities;
    return [
      [`${name} across the region`, acrossCities(CITY_CODES, across)],
      [`${name} at one city`, acrossCities([CITY_CODES[0]], across)],
    ];
  }
  throw new Error(`operations.ts exports ${name}, which is no operation: export operations only`);
}

const problems = (schema: GraphQLSchema, ops: [string, string][]) =>
  ops.flatMap(([name, text]) => {
    try {
      return validate(schema, parse(text)).map((e) => `${name}: ${e.message}`);
    } catch (e) {
      return [`${name}: ${(e as Error).message}`];
    }
  });

describe("the console's operations (apps/console/src/operations.ts)", () => {
  const { FEED_SUBSCRIPTION, ...gatewayOperations } = operations;
  const all = Object.entries(gatewayOperations).flatMap(([name, op]) => expand(name, op));

  it('are all valid against the committed API schema (apps/gateway/supergraph/api-schema.graphql)', () => {
    // A renamed field, argument, input type or enum value in libs/contract fails here once the supergraph is recomposed,
    // not on an officer's screen.
    expect(all.length).toBeGreaterThan(300);
    expect(problems(apiSchema(), all)).toEqual([]);
  });

  it('would fail on a field the schema does not have', () => {
    const renamed = operations.redriveMessage('taizhou').replace('redriveMessage', 'redriveOutboxMessage');
    expect(problems(apiSchema(), [['renamed', renamed]])).toEqual([expect.stringContaining('Cannot query field "redriveOutboxMessage"')]);
  });

  it("subscribe to the live feed as the home node's feed schema serves it", () => {
    const schema = buildFeedSchema({ info: () => '', subscribe: () => Promise.reject(new Error('no subscription in a spec')) });
    expect(problems(schema, [['FEED_SUBSCRIPTION', FEED_SUBSCRIPTION]])).toEqual([]);
  });
});
