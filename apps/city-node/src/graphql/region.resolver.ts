import { Resolver, ResolveReference } from '@nestjs/graphql';
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
