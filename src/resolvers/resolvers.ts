import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Asset } from './Asset.js';
import { AssetActionResult } from './AssetActionResult.js';
import { AssetIndex } from './AssetIndex.js';
import { CancelAnalysisResult } from './CancelAnalysisResult.js';
import { SourceLanguage } from './mapping/enums.js';
import { Index, IndexDetails } from './Index.js';
import { Project } from './Project.js';
import { Workspace } from './Workspace.js';
import { analysisStatus } from './Query/analysis-status.js';
import { asset } from './Query/asset.js';
import { viewer } from './Query/viewer.js';
import { workspace } from './Query/workspace.js';
import { workspaces } from './Query/workspaces.js';
import { analyzeAsset } from './Mutation/analyze-asset.js';
import { cancelAnalysis } from './Mutation/cancel-analysis.js';
import { deleteLatestIndex } from './Mutation/delete-latest-index.js';
import { registerAsset } from './Mutation/register-asset.js';
import { requestIndex } from './Mutation/request-index.js';
import { Subscription } from './Subscription.js';
import { Person, PersonMatch, PersonThumbnail } from './Person.js';
import { PersonTag } from './PersonTag.js';
import { createPerson, deletePerson, mergePersons, updatePerson } from './Mutation/person-mutations.js';
import { addPersonTags, createPersonTag, deletePersonTag, removePersonTags } from './Mutation/person-tag-mutations.js';
import {
  addPersonThumbnails,
  confirmPersonThumbnailUpload,
  createPersonThumbnailUpload,
  removePersonThumbnails,
} from './Mutation/person-thumbnail-mutations.js';
import { AssetSearch } from './AssetSearch.js';
import { AssetSearchHit } from './AssetSearchHit.js';
import { assetSearch } from './Query/asset-search.js';
import { cancelSceneSummary } from './Mutation/cancel-scene-summary.js';
import { confirmSearchImageUpload } from './Mutation/confirm-search-image-upload.js';
import { createSearchImageUpload } from './Mutation/create-search-image-upload.js';
import { requestSceneSummary } from './Mutation/request-scene-summary.js';
import { startAssetSearch } from './Mutation/start-asset-search.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeResolver,
  JSON: JSONResolver,
  SourceLanguage,
  Query: { viewer, analysisStatus, asset, workspaces, workspace, assetSearch },
  Mutation: {
    analyzeAsset,
    registerAsset,
    requestIndex,
    cancelAnalysis,
    deleteLatestIndex,
    createSearchImageUpload,
    confirmSearchImageUpload,
    startAssetSearch,
    requestSceneSummary,
    cancelSceneSummary,
    createPerson,
    updatePerson,
    deletePerson,
    addPersonTags,
    removePersonTags,
    createPersonThumbnailUpload,
    confirmPersonThumbnailUpload,
    addPersonThumbnails,
    removePersonThumbnails,
    mergePersons,
    createPersonTag,
    deletePersonTag,
  },
  Subscription,
  AssetIndex,
  Asset,
  Workspace,
  Project,
  Index,
  IndexDetails,
  CancelAnalysisResult,
  AssetActionResult,
  Person,
  PersonTag,
  PersonMatch,
  PersonThumbnail,
  AssetSearch,
  AssetSearchHit,
};
