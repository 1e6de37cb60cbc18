/**
 * The server's own entropy for draws and inspector matching. Each draw's secret is derived from
 * one key as HMAC-SHA256(key, name of the draw's stream), so nothing per draw has to be stored
 * before it is revealed; only its SHA-256 is published at the freeze. The key comes from
 * DRAW_SERVER_KEY (64 hex digits) or, on the embedded default, is generated once in DATA_DIR.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { generatedOnce } from './config/generated-once';
import { join } from 'node:path';
import { AppConfig } from './config/app-config';

export const DRAW_SERVER_KEY = Symbol('DRAW_SERVER_KEY');

export function loadDrawServerKey(config: Pick<AppConfig, 'dataDir' | 'drawServerKey'>): Buffer {
  if (config.drawServerKey) return Buffer.from(config.drawServerKey, 'hex');
  return Buffer.from(
    generatedOnce(join(config.dataDir, 'draw-server-key'), () => randomBytes(32).toString('hex')),
    'hex',
  );
}

/** The secret a draw reveals at its end; `name` is the draw's stream, so every draw gets its own. */
export function serverSecretFor(key: Buffer, name: string): string {
  return createHmac('sha256', key).update(name, 'utf8').digest('hex');
}
