import { type GraphQLFieldResolver, type GraphQLSchema, isUnionType } from 'graphql';
import { InputError } from '@ypf/common';
import { REGION_ID } from '@ypf/region';

/**
 * `_entities` (the federation entry the gateway uses) answers only for the types this subgraph declares with @key.
 * Apollo's resolver throws a plain Error for an unknown __typename, and hands a keyless type such as CityNode the
 * representation itself as the object, which GraphQL then rejects as not a member of `_Entity`: both surfaced as
 * INTERNAL_SERVER_ERROR. Here every representation is checked first, and a bad one is refused as BAD_USER_INPUT
 * naming the types that can be resolved, before any resolver runs.
 */
export function guardEntityRepresentations(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const entity = schema.getType('_Entity');
  const resolve: GraphQLFieldResolver<unknown, unknown> | undefined = field?.resolve;
  if (!field || !resolve || !isUnionType(entity)) return schema;
  const resolvable = entity.getTypes().map((t) => t.name);
  field.resolve = (source, args: { representations?: unknown }, context, info) => {
    const representations = Array.isArray(args.representations) ? (args.representations as unknown[]) : [];
    representations.forEach((representation, i) => {
      const typename = (representation as { __typename?: unknown } | null)?.__typename;
      if (typeof typename === 'string' && resolvable.includes(typename)) return;
      const what = typeof typename === 'string' ? `${JSON.stringify(typename.slice(0, 60))} is not an entity of this subgraph` : 'has no __typename';
      throw new InputError(
        `representations[${i}]: ${what}. _entities resolves only ${resolvable.join(', ')} ` +
          `(e.g. { "__typename": "Region", "id": "${REGION_ID}" }); a city's fields are reached through Region.<city>.`,
        'representations',
      );
    });
    return resolve(source, args, context, info);
  };
  return schema;
}
