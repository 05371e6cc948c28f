import type { SubscriptionResolvers } from '../__generated__/resolvers-types.js';
import { ErrorCode, GatewayError } from '../common/errors.js';
import type { ProgressEvent } from '../live/live-progress.js';
import { toPollTarget } from './poll-targets/analysis-poll-target.js';
import { toAssetSearchPollTarget, toSceneSummaryPollTarget } from './poll-targets/search-poll-targets.js';
import { toAssetRef, toPathId } from './validate/asset-input.js';

// A failure report travels as a GraphQL error in the next payload; the stream stays open unless final.
// The status is the poll target's own model (analysis, scene summary or search), built by its reader.
function resolveEvent<T>(event: ProgressEvent | undefined): T {
  // Over HTTP, Apollo executes a subscription like a query: there is no event, only this answer.
  if (!event) throw new GatewayError('Subscriptions are served over WebSocket at /graphql (subprotocol graphql-transport-ws)', ErrorCode.BAD_USER_INPUT);
  if (event.kind === 'error') throw event.error;
  return event.status as T;
}

export const Subscription: SubscriptionResolvers = {
  analysisProgress: {
    // Validated before any poller starts: ids that could change the upstream path never reach it.
    subscribe: (_parent, args, ctx) => ctx.live.follow(toPollTarget(ctx, toAssetRef(args))),
    resolve: resolveEvent,
  },
  sceneSummaryProgress: {
    subscribe: (_parent, args, ctx) => ctx.live.follow(toSceneSummaryPollTarget(ctx, toAssetRef(args))),
    resolve: resolveEvent,
  },
  assetSearchProgress: {
    subscribe: (_parent, args, ctx) => ctx.live.follow(toAssetSearchPollTarget(ctx, toPathId('workspaceName', args.workspaceName), toPathId('id', args.id))),
    resolve: resolveEvent,
  },
};
