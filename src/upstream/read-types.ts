/**
 * Vendor read shapes (reference §8.1 to §8.5), as read defensively: every field may be absent or null
 * (§4.1), ids may arrive as integers or strings (§5).
 */
export type VendorId = number | string | null | undefined;

export interface VendorWorkspace {
  workspaceName?: string | null;
  workspaceUrl?: string | null;
  bucketName?: string | null;
  monthlyAnalysisCount?: number | null;
  createdUserName?: string | null;
  createdTime?: string | null;
  updatedUserName?: string | null;
  updatedTime?: string | null;
}

export interface VendorProject {
  projectId?: VendorId;
  name?: string | null;
  isBaseProject?: boolean | null;
  createdUserName?: string | null;
  createdTime?: string | null;
  updatedUserName?: string | null;
  updatedTime?: string | null;
}

/** Asset list item and (assumed the same) asset details; fields after metaData are assumed (§8.3). */
export interface VendorAsset {
  assetId?: VendorId;
  fileName?: string | null;
  projectId?: VendorId;
  metaData?: unknown;
  assetType?: string | null;
  type?: string | null;
  createdTime?: string | null;
  createdUserName?: string | null;
  /** The register-asset answer spells it this way (§5). */
  createUserName?: string | null;
}

export interface VendorImportStatus {
  assetId?: VendorId;
  uploadStatus?: string | null;
  uploadResult?: string | null;
}

export interface VendorAnalysisSetting {
  analysisEngine?: string | null;
  sceneRange?: string | null;
  [option: string]: unknown;
}

/** Index list item and the header of index details (`indexId`, §5: "Media asset ID" is a doc error). */
export interface VendorIndex {
  indexId?: VendorId;
  id?: VendorId;
  type?: string | null;
  createdTime?: string | null;
  createdUserName?: string | null;
  updatedTime?: string | null;
  updatedUserName?: string | null;
  analysisSetting?: VendorAnalysisSetting | null;
  [payload: string]: unknown;
}

/** Keys of index details that the typed header fields cover; the rest is the opaque payload. */
export const INDEX_HEADER_KEYS: ReadonlySet<string> = new Set([
  'indexId',
  'id',
  'type',
  'createdTime',
  'createdUserName',
  'updatedTime',
  'updatedUserName',
  'analysisSetting',
]);

/** String or integer id -> GraphQL ID; anything else is no id. */
export function toVendorIdString(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return null;
}
