import type { Context } from '../graphql/context.js';
import { ErrorCode, GatewayError } from '../common/errors.js';
import { indexSceneSummariesPath, sceneSummaryPath, sceneSummaryStatusPath } from '../upstream/search-routes.js';
import { indexesPath } from '../upstream/routes.js';
import { toList } from '../upstream/to-page.js';
import { sceneSummaryStatus, toSceneSummary, toSceneSummaryStatus, type SceneSummaryModel, type SceneSummaryStatusModel } from './mapping/to-scene-summary.js';
import type { VendorEnvelope } from '../upstream/types.js';
import type { AssetRef } from '../upstream/asset-ref.js';
import { latestOf, toIndexModels } from './mapping/to-models.js';

type Reader = Pick<Context, 'vendor' | 'config' | 'log' | 'readVendorTime'> & Partial<Pick<Context, 'loaders'>>;

/** Through the request's loader when there is one; a poller reads directly, without retries (it backs off itself). */
function get(ctx: Reader, path: string, endpoint: string, signal?: AbortSignal): Promise<VendorEnvelope<unknown>> {
  if (ctx.loaders) return ctx.loaders.vendorGet.load({ path, endpoint });
  return ctx.vendor.call<VendorEnvelope<unknown>>({ method: 'GET', path, endpoint, envelope: true, retry: false, ...(signal ? { signal } : {}) });
}

/** The latest completed index (newest createdTime, then the largest id), or null. */
export async function latestIndexId(ctx: Reader, ref: AssetRef, signal?: AbortSignal): Promise<string | null> {
  const envelope = await get(ctx, indexesPath(ref), 'list-indexes', signal);
  return latestOf(toIndexModels(ref, toList<unknown>(envelope, 'indexes'), ctx.log), ctx.readVendorTime)?.id ?? null;
}

const KEPT_AS_ERRORS = new Set([401, 403, 429]);

function upstreamStatus(error: GatewayError): number | null {
  const upstream = error.extensions.upstream as { status?: unknown } | undefined;
  return typeof upstream?.status === 'number' ? upstream.status : null;
}

/**
 * Asset.sceneSummaryStatus (CONTRACT-vendor-surface §B.3): GET …/scene-summary/status; under `analyze`
 * derived from the per-index GET: 200 → SUMMARIZE_COMPLETED, 404 or no index → BEFORE_SUMMARIZE, another
 * 4xx → UNKNOWN with the vendor's message.
 */
export async function loadSceneSummaryStatus(ctx: Reader, ref: AssetRef, signal?: AbortSignal): Promise<SceneSummaryStatusModel> {
  if (ctx.config.analyzeEndpoint === 'index') {
    return toSceneSummaryStatus((await get(ctx, sceneSummaryStatusPath(ref), 'scene-summary-status', signal)).result);
  }
  const indexId = await latestIndexId(ctx, ref, signal);
  if (indexId === null) return sceneSummaryStatus('BEFORE_SUMMARIZE', null, null);
  try {
    await get(ctx, indexSceneSummariesPath(ref, indexId), 'index-scene-summaries', signal);
    return sceneSummaryStatus('SUMMARIZE_COMPLETED', null, null);
  } catch (error) {
    const status = error instanceof GatewayError ? upstreamStatus(error) : null;
    if (status === 404) return sceneSummaryStatus('BEFORE_SUMMARIZE', null, null);
    // Auth failures and rate limits stay errors: they say nothing about the summary.
    if (status !== null && status >= 400 && status < 500 && !KEPT_AS_ERRORS.has(status)) {
      return sceneSummaryStatus('UNKNOWN', null, (error as GatewayError).message);
    }
    throw error;
  }
}

/** Asset.sceneSummary: the status first (same loader); only at SUMMARIZE_COMPLETED the summary; a 404 is null. */
export async function loadSceneSummary(ctx: Reader & Pick<Context, 'loaders'>, ref: AssetRef): Promise<SceneSummaryModel | null> {
  const status = await loadSceneSummaryStatus(ctx, ref);
  if (status.status !== 'SUMMARIZE_COMPLETED') return null;
  try {
    if (ctx.config.analyzeEndpoint === 'index') {
      return toSceneSummary((await get(ctx, sceneSummaryPath(ref), 'scene-summary')).result, ctx.readVendorTime);
    }
    const indexId = await latestIndexId(ctx, ref);
    if (indexId === null) return null;
    return toSceneSummary((await get(ctx, indexSceneSummariesPath(ref, indexId), 'index-scene-summaries')).result, ctx.readVendorTime);
  } catch (error) {
    if (error instanceof GatewayError && error.code === ErrorCode.NOT_FOUND) return null;
    throw error;
  }
}
