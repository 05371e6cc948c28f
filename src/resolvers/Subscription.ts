import type { SubscriptionResolvers } from '../__generated__/resolvers-types.js';
import type { ProgressEvent } from '../live/progress-event.js';
import { toPollTarget } from '../live/poll-target.js';
import { toAssetRef } from '../validate.js';

export const Subscription: SubscriptionResolvers = {
  analysisProgress: {
    // Validated before any poller starts: ids that could change the upstream path never reach it.
    subscribe: (_parent, args, ctx) => ctx.live.follow(toPollTarget(ctx, toAssetRef(args))),
    // A failure report travels as a GraphQL error in the next payload; the stream stays open unless final.
    resolve: (event: ProgressEvent) => {
      if (event.kind === 'error') throw event.error;
      return event.status;
    },
  },
};
