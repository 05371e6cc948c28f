/** One asset as the vendor's request-targets name it; every part already checked as a path identifier. */
export interface AssetRef {
  workspaceName: string;
  projectId: string;
  assetId: string;
}
