import { getCity } from '@ypf/region';
import { REGION_DESCRIPTIONS } from './region-subgraph.graphql.js';
import type { CapabilitySchema } from './schema/capability-schema.js';
import { ACCESS_POLICY_SCHEMA } from './schema/access-policy.graphql.js';
import { ASSISTANCE_SCHEMA } from './schema/assistance.graphql.js';
import { AUDIT_SCHEMA } from './schema/audit.graphql.js';
import { DELIVERY_SCHEMA } from './schema/delivery.graphql.js';
import { EARLY_WARNING_SCHEMA } from './schema/early-warning.graphql.js';
import { IDENTIFIERS_SCHEMA } from './schema/identifiers.graphql.js';
import { INCIDENTS_SCHEMA } from './schema/incidents.graphql.js';
import { INTELLIGENCE_SCHEMA } from './schema/intelligence.graphql.js';
import { NOTIFICATIONS_SCHEMA } from './schema/notifications.graphql.js';
import { OFFICERS_SCHEMA } from './schema/officers.graphql.js';
import { OVERSIGHT_SCHEMA } from './schema/oversight.graphql.js';
import { SHARED_SCHEMA } from './schema/shared.graphql.js';
import { WATCH_SCHEMA } from './schema/watch.graphql.js';

/** Every capability of a city node, in the order their fields appear on CityNode and CityMutation. */
const CAPABILITIES: readonly CapabilitySchema[] = [
  SHARED_SCHEMA,
  OFFICERS_SCHEMA,
  ACCESS_POLICY_SCHEMA,
  INTELLIGENCE_SCHEMA,
  IDENTIFIERS_SCHEMA,
  AUDIT_SCHEMA,
  OVERSIGHT_SCHEMA,
  DELIVERY_SCHEMA,
  ASSISTANCE_SCHEMA,
  NOTIFICATIONS_SCHEMA,
  WATCH_SCHEMA,
  INCIDENTS_SCHEMA,
  EARLY_WARNING_SCHEMA,
];

/** Every capability's fields of one root type, indented as fields. */
const fieldsOf = (part: 'reads' | 'writes') => CAPABILITIES.flatMap((c) => (c[part] ? [`  ${c[part].trim()}`] : [])).join('\n');

/**
 * The shared part of every city's subgraph: value types identical in all eight subgraphs (@shareable),
 * so that each city can expose the same shapes under its own nullable Region/Mutation field (DESIGN 3.1).
 * Assembled from one file per capability under ./schema/.
 */
export const SHARED_CITY_TYPE_DEFS = /* GraphQL */ `
"One city's node, under its own field of Region: what it serves for reading. Each field declares who may read it (docs/authorization-matrix.md); another city's data is shaped by that city's policy."
type CityNode @shareable {
${fieldsOf('reads')}
}

"The writes at one city's node, under its own field of Mutation. Officers write only at their home node, with the home token; some fields are for other nodes only (a node token)."
type CityMutation @shareable {
${fieldsOf('writes')}
}

${CAPABILITIES.map((c) => c.types.trim()).join('\n\n')}
`;

/** The full subgraph SDL of one city: shared types plus its own nullable Region and Mutation fields. */
export function citySubgraphTypeDefs(cityCode: string): string {
  const city = getCity(cityCode);
  return /* GraphQL */ `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

"${REGION_DESCRIPTIONS.type}"
type Region @key(fields: "id") {
  "${REGION_DESCRIPTIONS.id}"
  id: ID!
  "${city.nameZh} ${city.nameEn}: this city's node."
  ${city.code}: CityNode
}

"Writes: each city's own entry, at its node."
type Mutation {
  "Writes at ${city.nameEn}'s node (officers write only at their home node)."
  ${city.code}: CityMutation
}
${SHARED_CITY_TYPE_DEFS}`;
}
