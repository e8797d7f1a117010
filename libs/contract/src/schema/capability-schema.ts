/**
 * One capability's part of the city subgraph. CityNode (reads) and CityMutation (writes) are one type each in the
 * served schema, so a capability contributes their fields as text, and `citySubgraphTypeDefs` assembles the two types
 * from every capability's fields: no `extend type`, whose meaning federation gives its own rules.
 */
export interface CapabilitySchema {
  /** Fields of `CityNode`, each with its description: what a city serves for reading. */
  readonly reads?: string;
  /** Fields of `CityMutation`, each with its description: the writes at the officer's home node. */
  readonly writes?: string;
  /** The capability's own types, inputs and enums (all value types are `@shareable`: identical in all eight subgraphs). */
  readonly types: string;
}
