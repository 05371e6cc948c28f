import type { Context } from '../graphql/context.js';
import type { VendorEnvelope } from '../upstream/types.js';

/** The whole success envelope of one upstream GET, through the request's loader (one call per target). */
export function loadEnvelope(ctx: Pick<Context, 'loaders'>, path: string, endpoint: string): Promise<VendorEnvelope<unknown>> {
  return ctx.loaders.vendorGet.load({ path, endpoint });
}

/** The `result` of one upstream GET (undefined when the vendor sent none). */
export async function loadResult<T>(ctx: Pick<Context, 'loaders'>, path: string, endpoint: string): Promise<T | undefined> {
  const envelope = await loadEnvelope(ctx, path, endpoint);
  return (envelope.result ?? undefined) as T | undefined;
}
