/**
 * A witness run by an oversight unit (issue 11 item 2): it follows the service's signed tree heads
 * over HTTP, cosigns every head that extends the last one it cosigned, and raises an alarm —
 * cosigning nothing — when the service shows a history that is not an extension of what it saw.
 * The attack here is the one a database administrator could make: delete the tree-heads stream so
 * that the rewritten log signs itself afresh.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cosignTreeHead, generateTreeHeadKeyPair, signingKeyFrom, verificationKeyFrom, verifyCosignature } from '@app/integrity';
import { TreeHeadSigner } from '@app/platform';
import { ApiHarness, startApi } from './support/api-harness';
import { HttpHeadSource, Witness } from '../apps/witness/src/witness';
import { WitnessStore } from '../apps/witness/src/witness-store';
import { exportWitnessedHeads, runWitnessCheck } from '../apps/cli/src/commands/witness';

describe('a witness of the signed tree heads (issue 11)', () => {
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  let api: ApiHarness;
  let admin: string;
  const witnessDir = tempDir('dsr-witness-');
  const witnessPair = generateTreeHeadKeyPair();
  const witnessKey = signingKeyFrom(witnessPair.seedBase64);
  const witnessPublicKey = witnessPair.publicKeyBase64;
  let store: WitnessStore;

  const addUnit = async (harness: ApiHarness, token: string, unitId: string) => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/departments/hunan/units',
      payload: { unitId, name: `处室${unitId}`, kind: 'business' },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(201);
  };
  const witnessOf = (harness: ApiHarness) => new Witness(store, witnessKey, new HttpHeadSource(harness.url!));

  beforeAll(async () => {
    api = await startApi({ TREE_HEAD_INTERVAL_SECONDS: '86400', TREE_HEAD_MAX_EVENTS: '1000000', WITNESS_KEYS: `hunan-oversight=${witnessPublicKey}` }, { listen: true });
    admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    const created = await api.app.inject({
      method: 'POST',
      url: '/departments',
      payload: { departmentId: 'hunan', name: '湖南省市场监督管理局', level: 'province', areaCode: '430000', parentId: null },
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(created.statusCode).toBe(201);
    store = new WitnessStore(join(witnessDir, 'witness.db'));
  });
  afterAll(async () => {
    store.close();
    await api.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('cosigns the first head, then each head a consistency proof shows to extend it, and nothing twice', async () => {
    const witness = witnessOf(api);
    expect(await witness.pollOnce()).toEqual({ kind: 'no-head' });
    await addUnit(api, admin, 'u1');
    const first = (await api.app.get(TreeHeadSigner).signNow())!;
    const cosigned = await witness.pollOnce();
    expect(cosigned).toMatchObject({ kind: 'cosigned', head: first });
    expect(await witness.pollOnce()).toEqual({ kind: 'seen', treeSize: first.treeSize });

    await addUnit(api, admin, 'u2');
    await addUnit(api, admin, 'u3');
    const second = (await api.app.get(TreeHeadSigner).signNow())!;
    const next = await witness.pollOnce();
    expect(next).toMatchObject({ kind: 'cosigned', head: second });
    if (next.kind !== 'cosigned') throw new Error('not cosigned');
    expect(verifyCosignature(next.cosignature, verificationKeyFrom(witnessKey.publicKey.export({ format: 'pem', type: 'spki' }).toString()))).toBe(true);

    expect(runWitnessCheck({ dataDir: witnessDir })).toMatchObject({ ok: true });
    expect(JSON.parse(exportWitnessedHeads({ dataDir: witnessDir }))).toEqual([first, second]);
  });

  it('hands its cosignatures back: the log records them (TreeHeadCosigned) and shows them on the public tree-head page and feed', async () => {
    const witness = witnessOf(api);
    expect(await witness.postPending()).toEqual({ posted: 2, refused: null });
    expect(await witness.postPending()).toEqual({ posted: 0, refused: null });
    const recorded = await api.events.readStream(`tree-head-cosignatures-${witnessKey.keyId}`);
    expect(recorded.map((e) => [e.type, (e.data as { treeSize: number }).treeSize, (e.data as { witnessName: string }).witnessName])).toEqual([
      ['TreeHeadCosigned', store.cosigned()[0].head.treeSize, 'hunan-oversight'],
      ['TreeHeadCosigned', store.cosigned()[1].head.treeSize, 'hunan-oversight'],
    ]);
    expect(recorded[0].metadata).toMatchObject({ actorId: 'witness:hunan-oversight', role: 'oversight' });
    const page = await api.app.inject({ method: 'GET', url: '/gs/tree-heads' });
    expect(page.body).toContain('hunan-oversight');
    const feed = (await api.app.inject({ method: 'GET', url: '/gs/tree-heads.json' })).json();
    expect(feed.heads[0].cosignatures).toEqual([expect.objectContaining({ witnessName: 'hunan-oversight', witnessKeyId: witnessKey.keyId, treeSize: feed.heads[0].treeSize })]);
  });

  it('refuses a cosignature from an unregistered witness (403), with a wrong signature (400), of an unpublished head (404) or of another root (409)', async () => {
    const post = (body: object) => api.app.inject({ method: 'POST', url: '/integrity/cosignatures', payload: body });
    const [{ head }] = store.cosigned();
    const stranger = signingKeyFrom(generateTreeHeadKeyPair().seedBase64);
    expect((await post(cosignTreeHead(head, stranger, '2026-12-02T08:00:00.000Z'))).statusCode).toBe(403);
    const genuine = cosignTreeHead(head, witnessKey, '2026-12-02T08:00:00.000Z');
    const tampered = await post({ ...genuine, cosignedAt: '2026-12-02T08:00:01.000Z' });
    expect(tampered.statusCode).toBe(400);
    expect(tampered.json().errors).toEqual([expect.objectContaining({ field: 'signature' })]);
    expect((await post(cosignTreeHead({ ...head, treeSize: head.treeSize + 1000 }, witnessKey, '2026-12-02T08:00:00.000Z'))).statusCode).toBe(404);
    expect((await post(cosignTreeHead({ ...head, rootHash: 'ab'.repeat(32) }, witnessKey, '2026-12-02T08:00:00.000Z'))).statusCode).toBe(409);
    const malformed = await post({ ...genuine, treeSize: 'many' });
    expect(malformed.statusCode).toBe(400);
  });

  it('raises an alarm and cosigns nothing when the heads it cosigned are gone and the log signs a rewritten history', async () => {
    // the administrator's copy of the data, with the tree-heads stream deleted and the service restarted on it
    const tampered = tempDir('dsr-witness-log-');
    const source = new Database(join(api.config.dataDir, 'events.db'), { readonly: true });
    source.exec(`VACUUM INTO '${join(tampered, 'events.db')}'`);
    source.close();
    for (const file of ['jwt-secret', 'tree-head-key']) copyFileSync(join(api.config.dataDir, file), join(tampered, file));
    const db = new Database(join(tampered, 'events.db'));
    db.prepare("DELETE FROM events WHERE stream = 'tree-heads'").run();
    db.close();
    const rewritten = await startApi({ DATA_DIR: tampered, TREE_HEAD_INTERVAL_SECONDS: '86400', TREE_HEAD_MAX_EVENTS: '1000000' }, { listen: true });
    try {
      const token = await rewritten.tokenFor('admin-1', 'admin', 'hunan');
      await addUnit(rewritten, token, 'u4');
      expect(await rewritten.app.get(TreeHeadSigner).signNow()).not.toBeNull();
      const before = store.cosigned().length;
      const outcome = await witnessOf(rewritten).pollOnce();
      expect(outcome).toMatchObject({ kind: 'alarm', isNew: true });
      if (outcome.kind !== 'alarm') throw new Error('no alarm');
      expect(['rollback', 'head-missing', 'fork']).toContain(outcome.alarm.reason);
      expect(store.cosigned()).toHaveLength(before);
      // the same finding on the next poll is the same alarm, not a new one
      expect(await witnessOf(rewritten).pollOnce()).toMatchObject({ kind: 'alarm', isNew: false });
      const check = runWitnessCheck({ dataDir: witnessDir });
      expect(check.ok).toBe(false);
      expect(check.text).toMatch(/^ALARM .* (rollback|head-missing|fork): /m);
    } finally {
      await rewritten.close();
    }
  });
});
