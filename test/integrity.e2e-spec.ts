/**
 * Proof of integrity end to end (issue 6, "Tampering tests"; 全程留痕、责任可溯): a log built
 * through the API, tree heads signed over it, then the embedded store's SQLite file edited behind
 * the service's back — an event edited, deleted, reordered, inserted. `cli verify-log` (the built
 * cli, reading the rows as stored, on worker threads) must detect and locate each; inclusion and
 * consistency proofs must verify against the signed heads for the honest log and fail for the
 * tampered one.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { EventRow, GENESIS_HASH, eventIdFor, hashEvent } from '@app/event-store';
import { SignedTreeHead, verificationKeyFrom, verifyConsistency, verifyInclusion, verifyTreeHead } from '@app/integrity';
import { TreeHeadSigner } from '@app/platform';
import { builtEntry } from './support/built';
import { ApiHarness, startApi } from './support/api-harness';
import { DEPARTMENTS } from './fixtures/departments';

const CLI = resolve(__dirname, '../dist/apps/cli/src/main.js');
/** A position as the report writes it, `<commit>/<prepare>`; the embedded store uses its row number for both. */
const at = (position: number) => `${position}/${position}`;
const run = promisify(execFile);

type Row = EventRow;

const UNITS_BEFORE_FIRST_HEAD = [
  ['lingling', 'lingling-business', '综合执法股', 'business'],
  ['qiyang', 'qiyang-business', '市场监管所', 'business'],
  ['lingling', 'lingling-credit', '信用监管股', 'credit-supervision'],
  ['qiyang', 'qiyang-legal', '法规股', 'legal'],
  ['lingling', 'lingling-legal', '法规股', 'legal'],
] as const;
const UNITS_BEFORE_SECOND_HEAD = [
  ['hunan', 'hunan-credit', '信用监管处', 'credit-supervision'],
  ['yongzhou', 'yongzhou-credit', '信用监管科', 'credit-supervision'],
  ['lingling', 'lingling-discipline', '纪检组', 'discipline'],
  ['yongzhou', 'yongzhou-legal', '法规科', 'legal'],
] as const;

describe('proof of integrity (issue 6 item 3)', () => {
  let api: ApiHarness;
  let admin: string;
  let first: SignedTreeHead;
  let second: SignedTreeHead;
  /** A copy of DATA_DIR taken right after the second head: nothing but that head since. */
  let atSecondHead: string;
  const dirs: string[] = [];

  const addUnits = async (units: readonly (readonly [string, string, string, string])[]) => {
    for (const [departmentId, unitId, name, kind] of units) {
      const response = await api.app.inject({
        method: 'POST',
        url: `/departments/${departmentId}/units`,
        payload: { unitId, name, kind },
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(response.statusCode).toBe(201);
    }
  };

  /** A consistent copy of DATA_DIR (VACUUM INTO reads through the WAL), with the service's keys. */
  const copyDataDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'dsr-integrity-'));
    dirs.push(dir);
    const db = new Database(join(api.config.dataDir, 'events.db'), { readonly: true });
    db.exec(`VACUUM INTO '${join(dir, 'events.db')}'`);
    db.close();
    for (const file of ['jwt-secret', 'tree-head-key']) copyFileSync(join(api.config.dataDir, file), join(dir, file));
    return dir;
  };

  const rowsOf = (dir: string): Row[] => {
    const db = new Database(join(dir, 'events.db'), { readonly: true });
    const rows = db.prepare('SELECT * FROM events ORDER BY position').all() as Row[];
    db.close();
    return rows;
  };

  const tamper = (dir: string, change: (db: Database.Database) => void) => {
    const db = new Database(join(dir, 'events.db'));
    db.transaction(() => change(db))();
    db.close();
  };

  /** Moves every row from `position` on one place later, leaving `position` free. */
  const openGapAt = (db: Database.Database, position: number) => {
    db.prepare('UPDATE events SET position = -position - 1 WHERE position >= ?').run(position);
    db.prepare('UPDATE events SET position = -position WHERE position < 0').run();
  };

  const swapPositions = (db: Database.Database, a: number, b: number) => {
    db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a);
    db.prepare('UPDATE events SET position = ? WHERE position = ?').run(a, b);
    db.prepare('UPDATE events SET position = ? WHERE position = -1').run(b);
  };

  const verifyLog = (dataDir: string, ...args: string[]) =>
    run(process.execPath, [CLI, 'verify-log', ...args], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' } }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout + error.stderr }),
    );

  /** Asks a service for an inclusion proof of `eventId` and a consistency proof first → second, and checks both against the signed heads. */
  const proofsAgainstSignedHeads = async (service: ApiHarness, eventId: string) => {
    const inclusion = (await service.app.inject({ method: 'GET', url: `/integrity/inclusion?eventId=${eventId}&treeSize=${first.treeSize}` })).json();
    const consistency = (await service.app.inject({ method: 'GET', url: `/integrity/consistency?from=${first.treeSize}&to=${second.treeSize}` })).json();
    const hex = (h: string) => Buffer.from(h, 'hex');
    return {
      inclusion: verifyInclusion(inclusion.leafIndex, first.treeSize, hex(inclusion.leafHash), inclusion.auditPath.map(hex), hex(first.rootHash)),
      consistency: verifyConsistency(first.treeSize, second.treeSize, hex(first.rootHash), hex(second.rootHash), consistency.proof.map(hex)),
      servedRoot: inclusion.rootHash as string,
    };
  };

  /** Starts a second service on a (tampered) copy and asks it for proofs of the log's first event. */
  const proofsFrom = async (dataDir: string) => {
    const service = await startApi({ DATA_DIR: dataDir });
    try {
      const eventId = rowsOf(dataDir)[0].id;
      return await proofsAgainstSignedHeads(service, eventId);
    } finally {
      await service.close();
    }
  };

  beforeAll(async () => {
    builtEntry('apps/cli/src/main.js');
    api = await startApi();
    admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    for (const department of DEPARTMENTS) {
      expect(
        (await api.app.inject({ method: 'POST', url: '/departments', payload: department, headers: { authorization: `Bearer ${admin}` } })).statusCode,
      ).toBe(201);
    }
    await addUnits(UNITS_BEFORE_FIRST_HEAD);
    first = (await api.app.get(TreeHeadSigner).signNow())!;
    await addUnits(UNITS_BEFORE_SECOND_HEAD);
    second = (await api.app.get(TreeHeadSigner).signNow())!;
    atSecondHead = copyDataDir();
    // one event after the newest head: covered only by its stream's chain until the next head
    await addUnits([['qiyang', 'qiyang-credit', '信用监管股', 'credit-supervision']]);
  });
  afterAll(async () => {
    await api.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  describe('signed tree heads, recorded in the log and published', () => {
    it('signs the first 9 events, then the first 14 (the first head is itself leaf 9)', () => {
      expect(first.treeSize).toBe(DEPARTMENTS.length + UNITS_BEFORE_FIRST_HEAD.length);
      expect(second.treeSize).toBe(first.treeSize + 1 + UNITS_BEFORE_SECOND_HEAD.length);
    });

    it('publishes the heads newest first, the latest head and the public key, without a token (一公开)', async () => {
      const page = (await api.app.inject({ method: 'GET', url: '/integrity/tree-heads' })).json();
      expect(page).toEqual({ total: 2, heads: [second, first] });
      expect((await api.app.inject({ method: 'GET', url: '/integrity/tree-heads?offset=1&limit=1' })).json()).toEqual({ total: 2, heads: [first] });
      expect((await api.app.inject({ method: 'GET', url: '/integrity/tree-heads/latest' })).json()).toEqual(second);
      const key = (await api.app.inject({ method: 'GET', url: '/integrity/public-key' })).json();
      expect(key.algorithm).toBe('Ed25519');
      for (const form of [key.publicKeyPem, key.publicKeyBase64]) {
        const verifier = verificationKeyFrom(form);
        expect(verifier.keyId).toBe(key.keyId);
        expect(verifyTreeHead(first, verifier) && verifyTreeHead(second, verifier)).toBe(true);
      }
    });

    it('shows the heads on a public page and in a JSON feed under /gs, cacheable, with the key that verifies them (issue 11)', async () => {
      const key = (await api.app.inject({ method: 'GET', url: '/integrity/public-key' })).json();
      const pageResponse = await api.app.inject({ method: 'GET', url: '/gs/tree-heads' });
      expect(pageResponse.statusCode).toBe(200);
      expect(pageResponse.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(pageResponse.headers['cache-control']).toBe('public, max-age=10');
      expect(pageResponse.body).toContain('日志签名树头');
      expect(pageResponse.body).toContain(key.keyId);
      // newest first
      const body = pageResponse.body;
      expect(body.indexOf(second.rootHash)).toBeGreaterThan(-1);
      expect(body.indexOf(second.rootHash)).toBeLessThan(body.indexOf(first.rootHash));

      const feed = await api.app.inject({ method: 'GET', url: '/gs/tree-heads.json' });
      expect(feed.statusCode).toBe(200);
      expect(feed.headers['cache-control']).toBe('public, max-age=10');
      expect(feed.json()).toEqual({
        key: { algorithm: 'Ed25519', keyId: key.keyId, publicKeyPem: key.publicKeyPem },
        total: 2,
        offset: 0,
        limit: 100,
        // no witness is registered here: each head with an empty list of cosignatures
        heads: [
          { ...second, cosignatures: [] },
          { ...first, cosignatures: [] },
        ],
      });
      const verifier = verificationKeyFrom(feed.json().key.publicKeyPem);
      expect(feed.json().heads.every(({ cosignatures, ...head }: SignedTreeHead & { cosignatures: unknown }) => verifyTreeHead(head, verifier))).toBe(true);
      expect((await api.app.inject({ method: 'GET', url: '/gs/tree-heads.json?offset=1' })).json().heads).toEqual([{ ...first, cosignatures: [] }]);
    });

    it('records each head as TreeHeadSigned on the stream tree-heads, with the head as data', async () => {
      const heads = await api.events.readStream('tree-heads');
      expect(heads.map((e) => [e.type, e.data])).toEqual([
        ['TreeHeadSigned', first],
        ['TreeHeadSigned', second],
      ]);
      expect(heads[0].metadata).toMatchObject({ actorId: 'service:tree-head-signer', role: 'admin', unit: 'service' });
    });

    it('signs a head on its own as soon as TREE_HEAD_MAX_EVENTS events arrived after the newest, long before the interval', async () => {
      const restarted = await startApi({ DATA_DIR: copyDataDir(), TREE_HEAD_INTERVAL_SECONDS: '86400', TREE_HEAD_MAX_EVENTS: '3' });
      try {
        const token = await restarted.tokenFor('admin-1', 'admin', 'hunan');
        const sizeBefore = (await restarted.events.readStream('tree-heads')).length;
        for (const [unitId, name] of [['hunan-food', '食品处'], ['hunan-ads', '广告处'], ['hunan-pricing', '价格处']]) {
          const added = await restarted.app.inject({
            method: 'POST',
            url: '/departments/hunan/units',
            payload: { unitId, name, kind: 'business' },
            headers: { authorization: `Bearer ${token}` },
          });
          expect(added.statusCode).toBe(201);
        }
        const deadline = Date.now() + 5000;
        while ((await restarted.events.readStream('tree-heads')).length === sizeBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        const heads = (await restarted.events.readStream('tree-heads')).map((e) => e.data as SignedTreeHead);
        expect(heads).toHaveLength(sizeBefore + 1);
        expect(heads[heads.length - 1].treeSize).toBeGreaterThanOrEqual(heads[heads.length - 2].treeSize + 3);
      } finally {
        await restarted.close();
      }
    });

    it('signs nothing when only heads arrived since the newest head, and never the same size twice after a restart', async () => {
      const restarted = await startApi({ DATA_DIR: atSecondHead, TREE_HEAD_INTERVAL_SECONDS: '1' });
      try {
        const signer = restarted.app.get(TreeHeadSigner);
        expect(await signer.signNow()).toBeNull();
        await new Promise((r) => setTimeout(r, 1300));
        expect((await restarted.events.readStream('tree-heads')).length).toBe(2);
        // the interval signs on its own once the log grew
        const token = await restarted.tokenFor('admin-1', 'admin', 'hunan');
        await restarted.app.inject({
          method: 'POST',
          url: '/departments/hunan/units',
          payload: { unitId: 'hunan-legal', name: '法规处', kind: 'legal' },
          headers: { authorization: `Bearer ${token}` },
        });
        const deadline = Date.now() + 5000;
        while ((await restarted.events.readStream('tree-heads')).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        const heads = (await restarted.events.readStream('tree-heads')).map((e) => (e.data as SignedTreeHead).treeSize);
        expect(heads).toEqual([first.treeSize, second.treeSize, second.treeSize + 2]);
      } finally {
        await restarted.close();
      }
    });
  });

  describe('proofs over the API', () => {
    it('proves every event of the first head included, and the second head consistent with the first', async () => {
      const rows = (await api.events.readAll()).slice(0, first.treeSize);
      for (const row of rows) {
        const { inclusion, consistency, servedRoot } = await proofsAgainstSignedHeads(api, row.id);
        expect({ id: row.id, inclusion, consistency, servedRoot }).toEqual({ id: row.id, inclusion: true, consistency: true, servedRoot: first.rootHash });
      }
    });

    it('defaults to the newest head', async () => {
      const [row] = (await api.events.readAll()).slice(first.treeSize + 1);
      const proof = (await api.app.inject({ method: 'GET', url: `/integrity/inclusion?eventId=${row.id}` })).json();
      expect(proof).toMatchObject({ leafIndex: first.treeSize + 1, treeSize: second.treeSize, head: second, rootHash: second.rootHash });
    });

    it.each([
      ['/integrity/inclusion', 400, 'eventId', /eventId must be an event id/],
      ['/integrity/inclusion?eventId=00000000-0000-5000-8000-000000000000', 404, 'eventId', /no event with id/],
      ['/integrity/inclusion?eventId=EVENT&treeSize=3', 404, 'treeSize', /no signed tree head of size 3/],
      ['/integrity/inclusion?eventId=EVENT&treeSize=x', 400, 'treeSize', /treeSize must be a whole number/],
      ['/integrity/inclusion?eventId=LAST&treeSize=FIRST', 400, 'treeSize', /covers leaves 0 to 8 only/],
      ['/integrity/consistency?from=FIRST', 400, 'to', /to is required/],
      ['/integrity/consistency?from=SECOND&to=FIRST', 400, 'from', /must not be larger than/],
      ['/integrity/consistency?from=FIRST&to=7', 404, 'to', /no signed tree head of size 7/],
      ['/integrity/tree-heads?limit=0', 400, 'limit', /limit must be at least 1/],
    ])('GET %s → %i naming %s', async (template, status, field, reason) => {
      const rows = await api.events.readAll();
      const url = template
        .replace('EVENT', rows[0].id)
        .replace('LAST', rows[rows.length - 1].id)
        .replace('FIRST', String(first.treeSize))
        .replace('SECOND', String(second.treeSize));
      const response = await api.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(status);
      const { errors } = response.json() as { errors: { field: string; reason: string }[] };
      expect(errors).toEqual(expect.arrayContaining([{ field, reason: expect.stringMatching(reason) }]));
      expect(errors.every((e) => e.field === field)).toBe(true);
    });
  });

  describe('cli verify-log', () => {
    it('passes the honest log up to its newest head, and calls the events after it not verifiable (exit 2), never verified', async () => {
      const { code, stdout } = await verifyLog(copyDataDir());
      expect(stdout).toMatch(/^read 16 events in 5 streams/);
      expect(stdout).toMatch(new RegExp(`^ok +head of size ${first.treeSize} signed .*: root and signature verify$`, 'm'));
      expect(stdout).toMatch(new RegExp(`^ok +head of size ${second.treeSize} signed .*: root and signature verify$`, 'm'));
      expect(stdout).toMatch(new RegExp(`^verified up to leaf ${second.treeSize - 1}: every event hash, every stream chain and 2 signed tree heads check out$`, 'm'));
      expect(stdout).toMatch(new RegExp(`^NOT VERIFIABLE: leaves ${second.treeSize}–15 \\(2 events\\) are covered by no signed head`, 'm'));
      expect(stdout).not.toMatch(/log verified/);
      expect(code).toBe(2);
    });

    it('verifies the whole log, exit 0, once a head covers every event', async () => {
      const dir = copyDataDir();
      const service = await startApi({ DATA_DIR: dir });
      try {
        expect(await service.app.get(TreeHeadSigner).signNow()).not.toBeNull();
      } finally {
        await service.close();
      }
      const { code, stdout } = await verifyLog(dir);
      expect(stdout).toMatch(/^log verified: every event hash, every stream chain and 3 signed tree heads check out$/m);
      expect(stdout).not.toMatch(/NOT VERIFIABLE/);
      expect(code).toBe(0);
    });

    it('refuses heads checked with another key', async () => {
      const other = verificationKeyFrom(Buffer.alloc(32, 7).toString('base64'));
      const { code, stdout } = await verifyLog(
        copyDataDir(),
        '--public-key',
        Buffer.from(other.publicKey.export({ format: 'der', type: 'spki' }))
          .subarray(12)
          .toString('base64'),
      );
      expect(code).toBe(1);
      expect(stdout).toMatch(
        new RegExp(`TAMPERED: forged-head at position ${first.treeSize + 1}/${first.treeSize + 1} \\(leaf ${first.treeSize}\\), stream tree-heads, revision 0`),
      );
    });
  });

  describe('tampering with the embedded store file is detected and located', () => {
    const editUnitName = (dir: string, target: Row, rehash: boolean) =>
      tamper(dir, (db) => {
        const data = { ...JSON.parse(target.data), name: '信用监管股（改）' };
        const stored = JSON.parse(target.metadata);
        const { hash: _old, ...metadata } = stored;
        const hash = rehash
          ? hashEvent({
              stream: target.stream,
              revision: target.revision,
              id: target.id,
              type: target.type,
              schemaVersion: target.schema_version,
              data,
              metadata,
            })
          : stored.hash;
        db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(
          JSON.stringify(data),
          JSON.stringify({ ...metadata, hash }),
          target.position,
        );
      });

    it('(i) an edited event: its own hash no longer matches its content', async () => {
      const dir = copyDataDir();
      const target = rowsOf(dir).find((r) => r.stream === 'department-lingling' && r.revision === 2)!;
      editUnitName(dir, target, false);
      const { code, stdout } = await verifyLog(dir);
      expect(code).toBe(1);
      expect(stdout).toContain(
        `TAMPERED: edited at position ${at(target.position)} (leaf ${target.position - 1}), stream department-lingling, revision 2, id ${target.id}: its content no longer gives its stored hash`,
      );
      // the leaf commits to the stored hash, which this edit left alone: the heads still match, the recomputed hash does not
      expect(stdout).toMatch(new RegExp(`^ok +head of size ${first.treeSize} `, 'm'));
    });

    it('(i) an edited event whose hash the attacker recomputed: the next event of its stream no longer chains onto it, and the signed roots differ', async () => {
      const dir = copyDataDir();
      const target = rowsOf(dir).find((r) => r.stream === 'department-lingling' && r.revision === 2)!;
      editUnitName(dir, target, true);
      const { code, stdout } = await verifyLog(dir);
      expect(code).toBe(1);
      expect(stdout).toContain(
        `TAMPERED: edited at position ${at(target.position)} (leaf ${target.position - 1}), stream department-lingling, revision 2, id ${target.id}: the next event of department-lingling`,
      );
      expect(stdout).toMatch(new RegExp(`^MISMATCH +head of size ${first.treeSize} .*root does NOT match the log$`, 'm'));
      expect(await proofsFrom(dir)).toMatchObject({ inclusion: false, consistency: false });
    });

    it('(ii) a deleted event: the next event of its stream finds its revision missing', async () => {
      const dir = copyDataDir();
      const rows = rowsOf(dir);
      const deleted = rows.find((r) => r.stream === 'department-lingling' && r.revision === 1)!;
      const next = rows.find((r) => r.stream === 'department-lingling' && r.revision === 2)!;
      tamper(dir, (db) => db.prepare('DELETE FROM events WHERE position = ?').run(deleted.position));
      const { code, stdout } = await verifyLog(dir);
      expect(code).toBe(1);
      expect(stdout).toContain(
        `TAMPERED: deleted at position ${at(next.position)} (leaf ${next.position - 2}), stream department-lingling, revision 2, id ${next.id}: revision 1 of department-lingling is missing before it`,
      );
      expect(await proofsFrom(dir)).toMatchObject({ inclusion: false, consistency: false });
    });

    it('(ii) a deleted newest event of a stream, which no chain can see: the signed head catches it', async () => {
      const dir = copyDataDir();
      const deleted = rowsOf(dir).find((r) => r.stream === 'department-hunan' && r.revision === 1)!;
      tamper(dir, (db) => db.prepare('DELETE FROM events WHERE position = ?').run(deleted.position));
      const { code, stdout } = await verifyLog(dir);
      expect(code).toBe(1);
      expect(stdout).toMatch(
        new RegExp(
          `TAMPERED: changed at position ${at(first.treeSize + 1)} \\(leaf ${first.treeSize}\\), .*the head of size ${second.treeSize} .* does not match the log: an event among leaves ${first.treeSize}–${second.treeSize - 1}`,
        ),
      );
      expect(stdout).toMatch(new RegExp(`^ok +head of size ${first.treeSize} `, 'm'));
    });

    it('(iii) two events of one stream swapped: the later revision comes first', async () => {
      const dir = copyDataDir();
      const rows = rowsOf(dir);
      const [a, b] = [1, 2].map((revision) => rows.find((r) => r.stream === 'department-lingling' && r.revision === revision)!);
      tamper(dir, (db) => swapPositions(db, a.position, b.position));
      const { code, stdout } = await verifyLog(dir);
      expect(code).toBe(1);
      expect(stdout).toContain(
        `TAMPERED: reordered at position ${at(a.position)} (leaf ${a.position - 1}), stream department-lingling, revision 2, id ${b.id}: revision 1 of department-lingling should come before it, but is at position ${at(b.position)}`,
      );
      expect(await proofsFrom(dir)).toMatchObject({ inclusion: false, consistency: false });
    });

    it('(iii) two events of different streams swapped, which every chain still accepts: the signed head catches and locates it', async () => {
      const dir = copyDataDir();
      const rows = rowsOf(dir);
      const [a, b] = [rows[4], rows[5]];
      expect(a.stream).not.toBe(b.stream);
      tamper(dir, (db) => swapPositions(db, a.position, b.position));
      const { code, stdout } = await verifyLog(dir);
      expect(code).toBe(1);
      expect(stdout).toContain(`TAMPERED: reordered at position ${at(a.position)} (leaf 4), stream ${b.stream}, revision ${b.revision}, id ${b.id}`);
      expect(stdout).toContain(`with this event and the one at position ${at(b.position)} swapped back it does`);
      expect(await proofsFrom(dir)).toMatchObject({ inclusion: false, consistency: false });
    });

    /** A forged registration with a correct chain hash, as an attacker without the signing key can make it. */
    const forgedDepartment = (position: number): Row => {
      const commandId = 'forged-command-0001';
      const data = { departmentId: 'dongan', name: '东安县市场监督管理局', level: 'county', parentId: 'yongzhou', areaCode: '431122' };
      const command = {
        actorId: 'admin-1',
        role: 'admin',
        unit: 'hunan',
        commandId,
        correlationId: commandId,
        causationId: commandId,
        recordedAt: '2026-03-02T08:00:00.000Z',
      };
      const id = eventIdFor(commandId, 0);
      const metadata = { ...command, prevHash: GENESIS_HASH };
      const hash = hashEvent({ stream: 'department-dongan', revision: 0, id, type: 'DepartmentRegistered', schemaVersion: 1, data, metadata });
      return {
        position,
        id,
        stream: 'department-dongan',
        revision: 0,
        type: 'DepartmentRegistered',
        schema_version: 1,
        data: JSON.stringify(data),
        metadata: JSON.stringify({ ...metadata, hash }),
      };
    };
    const insert = (db: Database.Database, row: Row) =>
      db.prepare('INSERT INTO events VALUES (@position, @id, @stream, @revision, @type, @schema_version, @data, @metadata)').run(row);

    it('(iv) an event forged with a valid chain and inserted before a signed head: the head catches and locates it', async () => {
      const dir = copyDataDir();
      const forged = forgedDepartment(5);
      tamper(dir, (db) => {
        openGapAt(db, forged.position);
        insert(db, forged);
      });
      const { code, stdout } = await verifyLog(dir);
      expect(code).toBe(1);
      expect(stdout).toContain(
        `TAMPERED: inserted at position ${at(5)} (leaf 4), stream department-dongan, revision 0, id ${forged.id}: the head of size ${first.treeSize}`,
      );
      expect(stdout).toContain('does not match the log; without this event it does');
      expect(await proofsFrom(dir)).toMatchObject({ inclusion: false, consistency: false });
    });

    it('(iv) an event forged after the newest head is never called verified: not verifiable (exit 2) until a head covers it', async () => {
      const dir = copyDataDir();
      tamper(dir, (db) => insert(db, forgedDepartment(rowsOf(dir).length + 1)));
      const { code, stdout } = await verifyLog(dir);
      expect(stdout).not.toMatch(/log verified/);
      expect(stdout).toMatch(new RegExp(`NOT VERIFIABLE: leaves ${second.treeSize}–16 \\(3 events\\) are covered by no signed head`));
      expect(code).toBe(2);
      expect(await proofsFrom(dir)).toMatchObject({ inclusion: true, consistency: true });
    });
  });
});
