import type { QueryResolvers } from '../../__generated__/resolvers-types.js';

export const viewer: NonNullable<QueryResolvers['viewer']> = (_parent, _args, ctx) => ({ tenantId: ctx.tenant.id });
