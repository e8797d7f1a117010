import { LocalGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

type GatewayResponse = Awaited<ReturnType<LocalGraphQLDataSource['process']>>;

/** Distinct fetches the planner sends to the region subgraph are few; the cap only guards against a flood. */
const MAX_CACHED_DOCUMENTS = 500;

/**
 * The in-process region subgraph. Apollo's LocalGraphQLDataSource parses and validates the same fetch operation on
 * every request (a measurable part of the gateway's CPU in the bench); this one does it once per operation text.
 */
export class RegionDataSource extends LocalGraphQLDataSource {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(schema: GraphQLSchema) {
    super(schema);
  }

  override async process({ request, context }: GraphQLDataSourceProcessOptions): Promise<GatewayResponse> {
    const source = request.query ?? '';
    let document = this.documents.get(source);
    if (!document) {
      try {
        document = parse(source);
      } catch (e) {
        return { errors: [e as never] };
      }
      const errors = validate(this.schema, document);
      if (errors.length > 0) return { errors };
      if (this.documents.size >= MAX_CACHED_DOCUMENTS) this.documents.clear();
      this.documents.set(source, document);
    }
    return (await execute({
      schema: this.schema,
      document,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: context,
    })) as GatewayResponse;
  }
}
