import { GraphQLID, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import type { OfficerIdentity } from '@ypf/auth';
import type { FeedEvent } from './feed-event.js';

/** What each feed operation runs with: the officer admitted when the connection opened. */
export interface FeedContext {
  officer: OfficerIdentity;
}

export interface FeedOperations {
  info(ctx: FeedContext): string;
  subscribe(ctx: FeedContext, since: string | null): Promise<AsyncIterable<FeedEvent>>;
}

const text = { type: new GraphQLNonNull(GraphQLString) };

const NoticeParamType = new GraphQLObjectType<{ name: string; value: string }>({
  name: 'NoticeParam',
  description: "One parameter of a notice (NOTICE_PARAMS of its kind), for saying it in the officer's language.",
  fields: { name: text, value: { ...text, description: 'As text: ISO 8601 times, city codes, enum values, numbers.' } },
});

const FeedEventType = new GraphQLObjectType<FeedEvent>({
  name: 'FeedEvent',
  description: 'A notification for a role of this city: an assistance request or answer, a watch hit, an incident invitation or sitrep, a warning.',
  fields: {
    id: { type: new GraphQLNonNull(GraphQLID), description: 'Ascending; pass the last one received as `since` to resume.' },
    kind: { ...text, description: 'What happened, e.g. assistance.incoming, assistance.answer, watch.hit.' },
    text,
    reference: { ...text, description: 'The id of what it is about (a request, a watch hit, an incident).' },
    recipientRole: text,
    createdAt: { ...text, description: 'ISO 8601.' },
    params: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(NoticeParamType))), description: 'Empty for kinds that take none.' },
  },
});

/**
 * The live feed's own small schema, served over graphql-ws at /feed. It is not part of the federation subgraph:
 * the gateway does not carry subscriptions, and officers subscribe at their home node.
 */
export function buildFeedSchema(ops: FeedOperations): GraphQLSchema {
  return new GraphQLSchema({
    query: new GraphQLObjectType<unknown, FeedContext>({
      name: 'Query',
      fields: { feedInfo: { ...text, resolve: (_root, _args, ctx) => ops.info(ctx) } },
    }),
    subscription: new GraphQLObjectType<unknown, FeedContext>({
      name: 'Subscription',
      fields: {
        cityFeed: {
          type: new GraphQLNonNull(FeedEventType),
          description: "This city's notifications for the officer's roles; with `since`, first those after that id.",
          args: { since: { type: GraphQLID } },
          subscribe: (_root, args: { since?: string | null }, ctx) => ops.subscribe(ctx, args.since ?? null),
          resolve: (event) => event,
        },
      },
    }),
  });
}
