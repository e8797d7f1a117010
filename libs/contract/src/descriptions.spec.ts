import { Kind, parse, type DefinitionNode, type StringValueNode } from 'graphql';
import { CITY_CODES } from '@ypf/region';
import { citySubgraphTypeDefs } from './city-subgraph.graphql.js';
import { REGION_SUBGRAPH_TYPE_DEFS } from './region-subgraph.graphql.js';

/** Every type, field, argument, input field and enum value of one subgraph's SDL that has no description. */
function undescribed(sdl: string): string[] {
  const missing: string[] = [];
  const check = (path: string, description: StringValueNode | undefined) => {
    if (!description?.value.trim()) missing.push(path);
  };
  for (const def of parse(sdl).definitions as DefinitionNode[]) {
    switch (def.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
        check(def.name.value, def.description);
        for (const field of def.fields ?? []) {
          check(`${def.name.value}.${field.name.value}`, field.description);
          if (field.kind === Kind.FIELD_DEFINITION) {
            for (const arg of field.arguments ?? []) check(`${def.name.value}.${field.name.value}(${arg.name.value})`, arg.description);
          }
        }
        break;
      case Kind.ENUM_TYPE_DEFINITION:
        check(def.name.value, def.description);
        for (const value of def.values ?? []) check(`${def.name.value}.${value.name.value}`, value.description);
        break;
      case Kind.SCHEMA_EXTENSION:
        break;
      default:
        missing.push(`${def.kind}: not expected in a subgraph of this region`);
    }
  }
  return missing;
}

describe('the contract describes everything it serves (GraphiQL, the API schema and client code show these words)', () => {
  it.each(CITY_CODES)('the %s city subgraph: every type, field, argument and enum value', (city) => {
    expect(undescribed(citySubgraphTypeDefs(city))).toEqual([]);
  });

  it('the region subgraph', () => {
    expect(undescribed(REGION_SUBGRAPH_TYPE_DEFS)).toEqual([]);
  });
});
