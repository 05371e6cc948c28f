import type { SourceLanguageResolvers } from '../../__generated__/resolvers-types.js';

/** GraphQL enum names cannot hold '-'; these are the vendor spellings (reference §7). */
export const SourceLanguage: SourceLanguageResolvers = {
  ENKO: 'ENKO',
  EN: 'EN',
  KO: 'KO',
  JA: 'JA',
  ZH_CN: 'ZH-CN',
  ZH_TW: 'ZH-TW',
};
