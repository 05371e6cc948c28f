import { createHash, createHmac } from 'node:crypto';
import { Pool } from 'undici';
import { ACCESS_KEY, API_KEY, SECRET_KEY } from './workload.mjs';

/**
 * The work any analyzeAsset forwarder must do, written as directly as Node allows: used by the
 * baseline (no GraphQL engine) and by the Mercurius comparison (inside a resolver). Same security
 * steps as the gateway: API key looked up by SHA-256 digest, path ids checked, HMAC signature.
 */
const KEY_DIGESTS = new Set([createHash('sha256').update(API_KEY).digest('hex')]);
const PATH_ID = /^[A-Za-z0-9._~-]{1,128}$/;
const LANGUAGES = { ENKO: 'ENKO', EN: 'EN', KO: 'KO', JA: 'JA', ZH_CN: 'ZH-CN', ZH_TW: 'ZH-TW' };
const BEARER = /^Bearer\s+(\S+)\s*$/i;

export class InputError extends Error {}

export function isKnownApiKey(authorization) {
  const match = typeof authorization === 'string' ? BEARER.exec(authorization) : null;
  return match !== null && KEY_DIGESTS.has(createHash('sha256').update(match[1]).digest('hex'));
}

export function createForwarder(upstreamUrl) {
  const pool = new Pool(upstreamUrl, { connections: 128, keepAliveTimeout: 30_000 });
  return {
    close: () => pool.close(),
    /** One signed POST upstream; resolves with { id, createdAt: Date, createdBy }. */
    async analyze(input) {
      for (const field of ['workspaceName', 'projectId', 'assetId']) {
        if (typeof input[field] !== 'string' || !PATH_ID.test(input[field])) throw new InputError(`${field} is invalid`);
      }
      const path = `/api/v1/workspaces/${input.workspaceName}/projects/${input.projectId}/assets/${input.assetId}/index`;
      const timestamp = String(Date.now());
      const signature = createHmac('sha256', SECRET_KEY).update(`POST ${path}\n${timestamp}\n${ACCESS_KEY}`).digest('base64');
      const res = await pool.request({
        method: 'POST',
        path,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'x-ncp-apigw-timestamp': timestamp,
          'x-ncp-iam-access-key': ACCESS_KEY,
          'x-ncp-apigw-signature-v2': signature,
        },
        body: JSON.stringify(toUpstreamBody(input)),
      });
      const payload = await res.body.json();
      if (res.statusCode !== 200 || payload.code !== '0') throw new Error(`upstream answered ${res.statusCode}`);
      const result = payload.result;
      // Asia/Seoul has no DST, so a fixed offset is exact for it: the cheapest correct reading.
      return { id: String(result.id), createdAt: new Date(`${result.createdTime}+09:00`), createdBy: result.createdUserName ?? '' };
    },
  };
}

function toUpstreamBody(input) {
  const count = input.analysisPersonCount;
  if (!Number.isInteger(count) || count < 0 || count > 10) throw new InputError('analysisPersonCount is invalid');
  const body = { analysisPersonCount: count };
  if (input.sceneRange != null) body.sceneRange = input.sceneRange;
  if (input.tagIds != null && input.tagIds.length > 0) {
    if (input.tagIds.length > 30) throw new InputError('too many tagIds');
    body.tagIdList = input.tagIds.map((id) => {
      if (!/^[1-9]\d{0,15}$/.test(id)) throw new InputError('tagIds are invalid');
      return Number(id);
    });
  }
  if (input.sourceLanguage != null) body.sourceLanguage = LANGUAGES[input.sourceLanguage];
  if (input.detectAudioEffects != null) body.detectAudioEffects = input.detectAudioEffects;
  return body;
}
