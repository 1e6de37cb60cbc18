/**
 * The witness process (`npm run start:witness`), run by an oversight unit: every
 * WITNESS_POLL_SECONDS it judges the service's newest signed tree head against the last head it
 * cosigned, cosigns it into its own storage, or raises an alarm (an error line on stderr, kept in
 * its storage, and a non-zero exit of `npm run cli -- witness check`). docs/integrity.md, "Witnesses".
 */
import { signingKeyFrom } from '@app/integrity';
import { HttpHeadSource, Witness } from './witness';
import { witnessConfig, witnessDbOf } from './witness-config';
import { WitnessStore } from './witness-store';
import { WitnessMetrics } from './witness-metrics';

async function main(): Promise<void> {
  const config = witnessConfig();
  const key = signingKeyFrom(config.signingKey);
  const store = new WitnessStore(witnessDbOf(config));
  const say = (fields: Record<string, unknown>, stream: NodeJS.WriteStream = process.stdout) =>
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
  // the service records cosignatures only from keys in its WITNESS_KEYS: this is the value to give it
  const publicKeyBase64 = key.publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64');
  say({ msg: 'witness started', log: config.logUrl, witnessKeyId: key.keyId, publicKeyBase64, storage: store.file });
  if (config.keyInDataDir) say({ msg: 'the witness key is kept in WITNESS_DATA_DIR/witness-key; set WITNESS_SIGNING_KEY from outside its data in production' });
  const witness = new Witness(store, key, new HttpHeadSource(config.logUrl));
  const metrics = new WitnessMetrics(store);
  metrics.refresh();
  const metricsServer = config.metricsPort === null ? null : await metrics.listen(config.metricsPort);
  if (metricsServer) say({ msg: 'metrics served', url: `http://localhost:${config.metricsPort}/metrics` });
  let stopped = false;
  let wake = () => {};
  const stop = () => {
    stopped = true;
    wake();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  while (!stopped) {
    try {
      const outcome = await witness.pollOnce();
      metrics.refresh(new Date());
      if (outcome.kind === 'cosigned') say({ msg: 'head cosigned', treeSize: outcome.head.treeSize, rootHash: outcome.head.rootHash });
      if (outcome.kind === 'alarm' && outcome.isNew) say({ level: 'error', msg: 'ALARM: head not cosigned', reason: outcome.alarm.reason, detail: outcome.alarm.detail }, process.stderr);
      const handedBack = await witness.postPending();
      if (handedBack.refused) say({ level: 'warn', msg: 'the log did not take the cosignature back; trying again at the next poll', error: handedBack.refused }, process.stderr);
    } catch (error) {
      // the service unreachable is not an alarm: nothing was shown that could be judged
      say({ level: 'warn', msg: 'could not ask the log for its head', error: (error as Error).message }, process.stderr);
    }
    if (stopped) break;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, config.pollSeconds * 1000);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  metricsServer?.close();
  store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
