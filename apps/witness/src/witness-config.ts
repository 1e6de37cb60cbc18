/**
 * A witness's settings, from its own environment (an oversight unit's machine, not the service's):
 *
 *   WITNESS_LOG_URL       the service whose heads it witnesses          (default http://localhost:3000)
 *   WITNESS_DATA_DIR      its own storage: witness.db, and its key if generated (default ./witness-data)
 *   WITNESS_SIGNING_KEY   its Ed25519 key (PKCS#8 PEM or base64 seed); without it a key is generated
 *                         once in WITNESS_DATA_DIR/witness-key, and the witness says so at start
 *   WITNESS_POLL_SECONDS  how often it asks for the newest head         (default 5)
 *   WITNESS_METRICS_PORT  serve Prometheus metrics on this port, /metrics (default: none)
 */
import { join, resolve } from 'node:path';
import { generateTreeHeadKeyPair } from '@app/integrity';
import { generatedOnce } from '@app/platform/config/generated-once';

export interface WitnessConfig {
  readonly logUrl: string;
  readonly dataDir: string;
  readonly signingKey: string;
  readonly keyInDataDir: boolean;
  readonly pollSeconds: number;
  readonly metricsPort: number | null;
}

export function witnessConfig(env: NodeJS.ProcessEnv = process.env): WitnessConfig {
  const dataDir = resolve(env.WITNESS_DATA_DIR ?? './witness-data');
  const pollSeconds = Number(env.WITNESS_POLL_SECONDS ?? 5);
  if (!Number.isInteger(pollSeconds) || pollSeconds < 1 || pollSeconds > 3600) throw new Error('WITNESS_POLL_SECONDS must be a whole number of seconds from 1 to 3600');
  const logUrl = (env.WITNESS_LOG_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(logUrl)) throw new Error('WITNESS_LOG_URL must be an http(s) URL of the service');
  const metricsPort = env.WITNESS_METRICS_PORT === undefined || env.WITNESS_METRICS_PORT === '' ? null : Number(env.WITNESS_METRICS_PORT);
  if (metricsPort !== null && !(Number.isInteger(metricsPort) && metricsPort >= 1 && metricsPort <= 65535)) throw new Error('WITNESS_METRICS_PORT must be a port number');
  const configured = env.WITNESS_SIGNING_KEY;
  return {
    logUrl,
    dataDir,
    signingKey: configured ?? generatedOnce(join(dataDir, 'witness-key'), () => generateTreeHeadKeyPair().privateKeyPem),
    keyInDataDir: configured === undefined,
    pollSeconds,
    metricsPort,
  };
}

export const witnessDbOf = (config: Pick<WitnessConfig, 'dataDir'>) => join(config.dataDir, 'witness.db');
