/**
 * The public tree-head page in a real browser (issue 11): a witness run by an oversight unit
 * cosigns the service's heads and hands the cosignatures back; a reader opens 日志签名树头 from a
 * public page's footer and sees each head with the unit that vouched for it (见证), and the feed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { generateTreeHeadKeyPair, signingKeyFrom } from '@app/integrity';
import { TreeHeadSigner } from '@app/platform';
import { launchChromium } from '../support/chromium';
import { ApiHarness, startApi } from '../support/api-harness';
import { HttpHeadSource, Witness } from '../../apps/witness/src/witness';
import { WitnessStore } from '../../apps/witness/src/witness-store';
import { HUNAN } from '../fixtures/departments';

describe('the tree-head page with its witnesses, in headless Chromium (issue 11)', () => {
  const pair = generateTreeHeadKeyPair();
  const witnessDir = mkdtempSync(join(tmpdir(), 'dsr-witness-browser-'));
  let api: ApiHarness;
  let browser: Browser;
  let store: WitnessStore;
  let base: string;

  beforeAll(async () => {
    api = await startApi({ WITNESS_KEYS: `永州市市场监管局监督科=${pair.publicKeyBase64}` }, { listen: true });
    base = api.url!;
    const admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    const created = await api.app.inject({
      method: 'POST',
      url: '/departments',
      payload: HUNAN,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(created.statusCode).toBe(201);
    store = new WitnessStore(join(witnessDir, 'witness.db'));
    const witness = new Witness(store, signingKeyFrom(pair.seedBase64), new HttpHeadSource(base));
    await api.app.get(TreeHeadSigner).signNow();
    expect(await witness.pollOnce()).toMatchObject({ kind: 'cosigned' });
    expect(await witness.postPending()).toEqual({ posted: 1, refused: null });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    store?.close();
    await api?.close();
    rmSync(witnessDir, { recursive: true, force: true });
  });

  it('leads from the home page footer to the heads, each with the unit that witnessed it, and to the feed', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/gs`);
    await page.getByRole('link', { name: '日志签名树头' }).click();
    await page.waitForURL(/\/gs\/tree-heads$/);
    await expect(page.getByRole('heading', { name: '日志签名树头', level: 1 }).isVisible()).resolves.toBe(true);
    const row = page.locator('tbody tr').first();
    await expect(row.textContent()).resolves.toContain('永州市市场监管局监督科');
    await expect(page.locator('thead').textContent()).resolves.toContain('见证');
    await page.getByRole('link', { name: '机器可读的树头列表' }).click();
    const feed = JSON.parse((await page.locator('body').textContent()) ?? '{}');
    expect(feed.heads[0].cosignatures[0]).toMatchObject({ witnessName: '永州市市场监管局监督科', treeSize: feed.heads[0].treeSize });
    await page.close();
  });
});
