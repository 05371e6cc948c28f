import { DateTimeResolver } from 'graphql-scalars';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { AssetIndex } from './AssetIndex.js';
import { SourceLanguage } from './enums.js';
import { Query } from './Query.js';
import { analyzeAsset } from './Mutation/analyze-asset.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeResolver,
  SourceLanguage,
  Query,
  Mutation: { analyzeAsset },
  AssetIndex,
};
