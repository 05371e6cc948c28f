import type { ConfidenceLevel } from '../../__generated__/enums.js';
import type { VendorAsset, VendorIndex, VendorProject, VendorWorkspace } from '../../upstream/read-types.js';
import type { AssetRef } from '../../upstream/asset-ref.js';

/**
 * Parents of the read-side types. Identifiers are path-safe (checked by src/resolvers/validate/asset-input.ts, whether they
 * came from the client or from the vendor), so they can build upstream request-targets.
 * `record` is the vendor object when a list already delivered it; without it a field loads the details.
 */
export interface WorkspaceModel {
  name: string;
  record?: VendorWorkspace;
}

export interface ProjectModel {
  workspaceName: string;
  id: string;
  record?: VendorProject;
}

/** The federation key fields plus, when reached through a list, the list item. */
export interface AssetModel extends AssetRef {
  record?: VendorAsset;
}

export interface IndexModel {
  asset: AssetRef;
  id: string;
  record: VendorIndex;
}

export interface IndexDetailsModel extends IndexModel {
  confidenceLevel: ConfidenceLevel;
}

export interface CancelAnalysisModel {
  asset: AssetRef;
}

export interface AssetActionModel {
  asset: AssetRef;
}

/** A search handle (workspace and vendor search id, both path-safe); no state is stored. */
export interface AssetSearchModel {
  workspaceName: string;
  id: string;
}
