/**
 * Operations of an exact size, for testing the GraphQL limits at their boundaries (limit passes, limit + 1 refused).
 * Sizes are counted as the limits document them (libs/common graphql-limits.ts): fields nested for depth, aliases,
 * directives, lexical tokens, and cost = 1 per scalar, 2 per object plus 1.5 × its fields' costs (a flattened inline
 * fragment's cost counts without the factor). The cost here is computed independently of the server's rule.
 */

/** Where a city's selection sits: under the gateway's `region`, or inside the `_entities` call the planner sends a node. */
export type QueryRoot = 'gateway' | 'node';

const ENTITIES_OPEN = '_entities(representations: [{ __typename: "Region", id: "yangtze-jiangsu" }]) { ... on Region {';

/** `{ region { <city> <selection> } }` or the node's `_entities` equivalent, plus `extraRoot` beside it. */
export function citySelection(root: QueryRoot, city: string, selection: string, extraRoot = ''): string {
  return root === 'gateway' ? `{ region { ${city} ${selection} } ${extraRoot} }` : `{ ${ENTITIES_OPEN} ${city} ${selection} } } ${extraRoot} }`;
}

/** Depth `depth` (at least 3) through introspection's `__type.ofType` chain, which nests as deep as one asks. */
export function queryOfDepth(depth: number): string {
  const ofTypes = depth - 2;
  return `{ __type(name: "Query") { ${'ofType { '.repeat(ofTypes)}name${' }'.repeat(ofTypes)} } }`;
}

/** `n` aliases on a city's scalar field. */
export function queryWithAliases(root: QueryRoot, city: string, n: number): string {
  return citySelection(root, city, `{ ${Array.from({ length: n }, (_, i) => `a${i}: code`).join(' ')} }`);
}

/** `n` directives on a city's scalar field. */
export function queryWithDirectives(root: QueryRoot, city: string, n: number): string {
  return citySelection(root, city, `{ code ${'code @include(if: true) '.repeat(n)}}`);
}

/**
 * Exactly `n` lexical tokens: `{`, `}`, aliased `__typename`s (3 tokens each; `__typename` aliases are free) and up to
 * two plain ones. Distinct names: graphql-js gives up validating (OverlappingFieldsCanBeMerged's budget) on a few
 * hundred copies of one field, which would hide the limit under test.
 */
export function queryOfTokens(n: number): string {
  const aliased = Math.floor((n - 2) / 3);
  const plain = n - 2 - 3 * aliased;
  return `{ ${Array.from({ length: aliased }, (_, i) => `t${i}: __typename `).join('')}${'__typename '.repeat(plain)}}`;
}

/** Scalars of Grading to spread the deepest level over (a few hundred copies of each at most, as above). */
const GRADING_SCALARS = ['code', 'sourceReliability', 'informationCredibility', '__typename'];

/** <city> { code × a  searchIntelligence { results { report { grading { m scalars } } } } } */
function cityCost(m: number, a: number): number {
  let cost = 2 + 1.5 * m; // grading
  for (let level = 0; level < 3; level++) cost = 2 + 1.5 * cost; // report, results, searchIntelligence
  return 2 + 1.5 * (cost + a); // the city
}

/** The root field holding the city: `region` (a field) or `_entities { ... on Region }` (a flattened fragment). */
const rootCost = (root: QueryRoot, city: number) => (root === 'gateway' ? 2 + 1.5 * city : 2 + (2 + 1.5 * city));

/**
 * An operation whose cost is exactly `cost`: the city's deepest path ending in `m` scalars, `a` scalars on the city
 * itself and `b` top-level `__typename`s (1 each), found by search. Copies of a field count for the limit but are merged
 * before anything runs.
 */
export function queryOfCost(root: QueryRoot, city: string, cost: number): string {
  for (let m = Math.floor(cost / 11); m > 0; m--) {
    for (let a = 0; a < 64; a++) {
      const base = rootCost(root, cityCost(m, a));
      if (!Number.isInteger(base) || base > cost || cost - base > 60) continue;
      const leaves = Array.from({ length: m }, (_, i) => GRADING_SCALARS[i % GRADING_SCALARS.length]).join(' ');
      const selection = `{ ${'code '.repeat(a)}searchIntelligence { results { report { grading { ${leaves} } } } } }`;
      return citySelection(root, city, selection, '__typename '.repeat(cost - base));
    }
  }
  throw new Error(`no operation of cost ${cost}`);
}
