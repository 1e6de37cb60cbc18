/**
 * A witness run by an oversight unit (issue 11 item 2): it follows the service's signed tree heads
 * over HTTP, cosigns every head that extends the last one it cosigned, and raises an alarm —
 * cosigning nothing — when the service shows a history that is not an extension of what it saw.
 * The attack here is the one a database administrator could make: delete the tree-heads stream so
 * that the rewritten log signs itself afresh.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { EventRow, hashEvent } from '@app/event-store';
import Database from 'better-sqlite3';
import { cosignTreeHead, generateTreeHeadKeyPair, signingKeyFrom, verificationKeyFrom, verifyCosignature } from '@app/integrity';
import { TreeHeadSigner } from '@app/platform';
import { ApiHarness, startApi } from './support/api-harness';
import { builtEntry } from './support/built';
import { copyDataDir } from './support/data-copy';
import { HttpHeadSource, Witness } from '../apps/witness/src/witness';
import { WitnessStore } from '../apps/witness/src/witness-store';
import { WitnessMetrics } from '../apps/witness/src/witness-metrics';
import { AddressInfo } from 'node:net';
import { exportWitnessedHeads, runWitnessCheck } from '../apps/cli/src/commands/witness';
import { HUNAN } from './fixtures/departments';

const CLI = resolve(__dirname, '../dist/apps/cli/src/main.js');
// the suite runs the built code: refuse a missing or stale build
beforeAll(() => builtEntry('apps/cli/src/main.js'));
const run = promisify(execFile);

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
  /** What an administrator with the file could take: the events and the keys beside them. */
  const copyOfData = (): string => copyDataDir(api.config.dataDir, tempDir('dsr-witness-log-'));

  beforeAll(async () => {
    api = await startApi({ WITNESS_KEYS: `hunan-oversight=${witnessPublicKey}` }, { listen: true });
    admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    const created = await api.app.inject({
      method: 'POST',
      url: '/departments',
      payload: HUNAN,
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
    // cosignatures, like heads, call for no new head: otherwise every cosigned head would call for another to cosign
    expect(await api.app.get(TreeHeadSigner).signNow()).toBeNull();
    // and the log ending in them is verified as a whole: each carries its own signature
    const verified = await run(process.execPath, [CLI, 'verify-log'], { env: { ...process.env, DATA_DIR: copyOfData(), LOG_LEVEL: 'silent' } });
    expect(verified.stdout).toMatch(/^log verified: /m);
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
    const tampered = copyOfData();
    const db = new Database(join(tampered, 'events.db'));
    db.prepare("DELETE FROM events WHERE stream = 'tree-heads'").run();
    db.close();
    const rewritten = await startApi({ DATA_DIR: tampered }, { listen: true });
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

  it('shows its alarms and the newest size it cosigned as metrics, for the unit’s monitoring', async () => {
    const metrics = new WitnessMetrics(store);
    const server = await metrics.listen(0, '127.0.0.1');
    try {
      const { port } = server.address() as AddressInfo;
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(Number(/^dsr_witness_alarms (\d+)$/m.exec(text)?.[1])).toBe(store.alarms().length);
      expect(store.alarms().length).toBeGreaterThan(0);
      expect(Number(/^dsr_witness_cosigned_tree_size (\d+)$/m.exec(text)?.[1])).toBe(store.last()!.treeSize);
    } finally {
      server.close();
    }
  });

  it('catches an edit whose hash chain was recomputed and whose heads were deleted and re-signed with the stolen key: the witness alarms, and verify-log against its heads says TAMPERED', async () => {
    const dir = copyOfData();
    const db = new Database(join(dir, 'events.db'));
    // the newest event of the province's stream: no later event of the stream chains onto it, so recomputing its hash leaves every chain intact
    const target = db.prepare<[], EventRow>("SELECT * FROM events WHERE stream = 'department-hunan' ORDER BY revision DESC LIMIT 1").get()!;
    const data = { ...JSON.parse(target.data), name: '处室（改）' };
    const { hash: _old, ...metadata } = JSON.parse(target.metadata);
    const hash = hashEvent({ stream: target.stream, revision: target.revision, id: target.id, type: target.type, schemaVersion: target.schema_version, data, metadata });
    db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(JSON.stringify(data), JSON.stringify({ ...metadata, hash }), target.position);
    db.prepare("DELETE FROM events WHERE stream = 'tree-heads' OR stream LIKE 'tree-head-cosignatures-%'").run();
    db.close();
    const heads = join(tempDir('dsr-witness-heads-'), 'heads.json');
    writeFileSync(heads, exportWitnessedHeads({ dataDir: witnessDir }));

    // the log alone, re-signed with the service's own key, checks out up to its new head
    const rewritten = await startApi({ DATA_DIR: dir }, { listen: true });
    try {
      expect(await rewritten.app.get(TreeHeadSigner).signNow()).not.toBeNull();
      const outcome = await witnessOf(rewritten).pollOnce();
      expect(outcome).toMatchObject({ kind: 'alarm' });
    } finally {
      await rewritten.close();
    }
    const alone = await run(process.execPath, [CLI, 'verify-log'], { env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent' } }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(alone.stdout).not.toMatch(/TAMPERED/);

    // against the heads the witness cosigned it does not
    const against = await run(process.execPath, [CLI, 'verify-log', '--heads', heads], { env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent' } }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(against.code).toBe(1);
    expect(against.stdout).toMatch(/MISMATCH +given head of size \d+ .*root does NOT match the log/);
    expect(against.stdout).toMatch(/^TAMPERED: /m);
  });

  describe('what deleting from the end of the file looks like to the witness', () => {
    const restartedOn = (dir: string) => startApi({ DATA_DIR: dir }, { listen: true });
    const verifyAgainstWitness = async (dir: string) => {
      const heads = join(tempDir('dsr-witness-heads-'), 'heads.json');
      writeFileSync(heads, exportWitnessedHeads({ dataDir: witnessDir }));
      return run(process.execPath, [CLI, 'verify-log', '--heads', heads], { env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent' } }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    };

    it('the newest head deleted: the log shows an older head than the witness cosigned, a rollback', async () => {
      const dir = copyOfData();
      const db = new Database(join(dir, 'events.db'));
      db.prepare("DELETE FROM events WHERE position = (SELECT MAX(position) FROM events WHERE stream = 'tree-heads')").run();
      db.close();
      const service = await restartedOn(dir);
      try {
        const outcome = await witnessOf(service).pollOnce();
        expect(outcome).toMatchObject({ kind: 'alarm', alarm: { reason: 'rollback' } });
      } finally {
        await service.close();
      }
    });

    it('the log truncated: a rollback to the witness, and verify-log against its heads finds events deleted', async () => {
      const dir = copyOfData();
      const newest = store.cosigned().at(-1)!.head;
      const db = new Database(join(dir, 'events.db'));
      // everything from two events before the newest cosigned size on
      db.prepare('DELETE FROM events WHERE position >= ?').run(newest.treeSize - 1);
      db.close();
      const service = await restartedOn(dir);
      try {
        expect(await witnessOf(service).pollOnce()).toMatchObject({ kind: 'alarm', alarm: { reason: 'rollback' } });
      } finally {
        await service.close();
      }
      const against = await verifyAgainstWitness(dir);
      expect(against.code).toBe(1);
      expect(against.stdout).toMatch(/^TAMPERED: deleted /m);
      // the same, read from the witness's own storage
      const direct = await run(process.execPath, [CLI, 'verify-log', '--witness', witnessDir], { env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent' } }).then(
        () => ({ code: 0 }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
      expect(direct).toMatchObject({ code: 1, stdout: expect.stringMatching(/^TAMPERED: deleted /m) });
    });
  });
});
