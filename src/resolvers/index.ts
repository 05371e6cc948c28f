import { DateTimeResolver } from 'graphql-scalars';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Asset } from './Asset.js';
import { AssetIndex } from './AssetIndex.js';
import { SourceLanguage } from './enums.js';
import { analysisStatus } from './Query/analysis-status.js';
import { asset } from './Query/asset.js';
import { viewer } from './Query/viewer.js';
import { analyzeAsset } from './Mutation/analyze-asset.js';
import { Subscription } from './Subscription.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeResolver,
  SourceLanguage,
  Query: { viewer, analysisStatus, asset },
  Mutation: { analyzeAsset },
  Subscription,
  AssetIndex,
  Asset,
};
