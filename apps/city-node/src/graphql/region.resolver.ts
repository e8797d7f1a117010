import { Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { REGION_ID } from '@ypf/region';
import { Public } from '../auth/permissions.js';

/** The gateway's region subgraph owns Region; this node resolves the reference to add its own city field. */
@Resolver('Region')
export class RegionResolver {
  @ResolveReference()
  @Public()
  resolveReference(reference: { id: string }) {
    return reference.id === REGION_ID ? { id: REGION_ID } : null;
  }
}

interface CityRoot {
  code: string;
  nameEn: string;
  nameZh: string;
}

/**
 * The city's name fields, declared public like every other field's permission (deny by default): without a resolver
 * they would be answered from the root object with no declaration at all.
 */
@Resolver('CityNode')
export class CityIdentityResolver {
  @ResolveField('code')
  @Public()
  code(@Parent() city: CityRoot) {
    return city.code;
  }

  @ResolveField('nameEn')
  @Public()
  nameEn(@Parent() city: CityRoot) {
    return city.nameEn;
  }

  @ResolveField('nameZh')
  @Public()
  nameZh(@Parent() city: CityRoot) {
    return city.nameZh;
  }
}
