/**
 * The public pages say the draw's recorded English details in Chinese (issue 13 item 5): every
 * detail eligibility.ts and the draw decider write has a translation, and a new wording there
 * fails this suite until it has one. Also: the fixed result vocabulary, numbered pages, and the
 * draw page's order (selection, then the exclusions a page at a time).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NOT_INSPECTED_CONCLUSIONS, exclusionsHash } from '@app/domain';
import type { DrawView } from '@app/projections';
import { EXCLUSIONS_PER_PAGE, drawPage, exclusionOffset } from './draw.views';
import { RESULT_TERMS, exclusionDetail, resultTerm, skippedDetail, stratumName, verificationDetail, verificationStep } from './labels';
import { pager } from './layout';

const ASCII_WORD = /[A-Za-z]{2,}/;
const names = (id: string) => ({ 'yongzhou-city': '永州市市场监督管理局' })[id] ?? '未登记的部门';
const classes = (id: string) => ({ all: '辖区内食品相关产品生产企业' })[id] ?? '本类对象';

describe('Chinese for the recorded details', () => {
  const details: [string, string][] = [
    ['守信 targets are skipped by class all (000 §16)', '“辖区内食品相关产品生产企业”对守信主体不予抽取（000 §16）'],
    ['注销: the subject no longer exists', '已办理注销登记，主体不再存续'],
    ['吊销: the licence is revoked', '营业执照已被吊销'],
    ['drawn 2 times in 2026; the limit is 2 (000 §19, 002 §15)', '2026年已被抽取 2 次，每年至多 2 次（000 §19、002 §15）'],
    ['drawn by task yz-food-2026 of superior yongzhou-city on 2026-03-02 (000 §19)', '已于 2026-03-02 被上级部门（永州市市场监督管理局）的抽查任务抽取（000 §19）'],
    ['drawn by task ll-a of unit food-unit on 2026-03-02; join a combined inspection instead (000 §19)', '已于 2026-03-02 被本部门其他业务机构的抽查任务抽取，应合并开展联合检查（000 §19）'],
    ['drawn by task ll-a of no named unit on 2026-03-02; join a combined inspection instead (000 §19)', '已于 2026-03-02 被本部门其他业务机构的抽查任务抽取，应合并开展联合检查（000 §19）'],
    [
      'superior yongzhou-city found nothing on 2026-01-10 (task yz-1); 6 months must pass (001 §2(2)1)',
      '上级部门（永州市市场监督管理局）于 2026-01-10 检查未发现问题，须满 6 个月方可再次抽取（001 §2(2)1）',
    ],
  ];
  it.each(details)('%s', (detail, chinese) => expect(exclusionDetail(detail, names, classes)).toBe(chinese));

  it('knows every detail eligibility.ts writes: a new wording needs a translation here first', () => {
    const source = readFileSync(resolve(__dirname, '../../../../libs/domain/src/draw/eligibility.ts'), 'utf8');
    // six sites write a detail in a literal, the quota rule in a variable
    expect((source.match(/detail: [`']/g) ?? []).length).toBe(6);
    expect(source).toContain('detail = `drawn ${used} times in ${request.year}; the limit is ${rules.limits.quotaPerYear} (000 §19, 002 §15)`');
  });

  it('says a skipped member and each verification detail in Chinese, hashes apart', () => {
    expect(skippedDetail('its 2 draws of 2026 were used after the freeze (quota ledger revision 7)')).toBe('名单冻结后，其2026年的 2 次抽查次数已被其他抽取用满');
    const hash = 'a'.repeat(64);
    const said = [
      verificationDetail('pool all', `published ${hash} (12); recomputed ${hash} (12)`),
      verificationDetail('count all', 'published 4; recomputed 4'),
      verificationDetail('exclusions all', 'published 1; recomputed 1'),
      verificationDetail('server commitment', `committed ${hash}; revealed ${hash}`),
      verificationDetail('entropy kinds', 'recorded witness, beacon, server'),
      verificationDetail('selection all', 'published 4 selected; re-run 4, identical'),
      verificationDetail('draw', 'not drawn yet: only the freeze is verified'),
    ];
    for (const s of said) {
      expect(s).not.toBeNull();
      expect(s!.text).not.toMatch(ASCII_WORD);
    }
    expect(said[4]!.text).toBe('记录的来源：见证人、公共随机信标、系统随机数');
    expect(verificationStep('selection all/grade-D', (id) => stratumName(id, 'all', '辖区内企业'))).toBe('抽取结果（辖区内企业（信用风险 D 类））：重新抽取一致');
  });
});

describe('检查结果 in a fixed vocabulary', () => {
  it('holds the published outcome of every target not inspected (002 §30)', () => {
    for (const conclusion of Object.values(NOT_INSPECTED_CONCLUSIONS)) {
      expect(RESULT_TERMS).toContain(conclusion);
      expect(resultTerm({ itemResults: [], conclusion })).toBe(conclusion);
    }
  });

  it('reads the item results, not the free-text conclusion', () => {
    const items = (...results: string[]) => results.map((result) => ({ result }));
    expect(resultTerm({ itemResults: items('compliant', 'non-compliant'), conclusion: '基本合格' })).toBe('发现问题');
    expect(resultTerm({ itemResults: items('compliant', 'not-applicable'), conclusion: '合格' })).toBe('未发现问题');
    expect(resultTerm({ itemResults: items('not-applicable'), conclusion: '—' })).toBe('未发现开展本次抽查涉及的经营活动');
  });
});

describe('numbered pages', () => {
  it('links the first, the last and the pages around the current one, by page number', () => {
    const text = pager(['results'], { year: 2026 }, 100, 20, 400).value;
    expect(text).toContain('href="/gs/results?year=2026&amp;page=5"');
    expect(text).toContain('<strong aria-current="page">6</strong>');
    expect(text).toContain('href="/gs/results?year=2026&amp;page=20"');
    expect(text).toContain('href="/gs/results?year=2026"'); // page 1 carries no number
    expect(text).toContain('…');
    expect(text).toContain('共 20 页');
  });
});

describe('the draw page', () => {
  const hash = 'b'.repeat(64);
  const exclusions = Array.from({ length: 120 }, (_, i) => ({
    stratumId: 'all',
    classId: 'all',
    targetId: `t${i}`,
    reason: 'deregistered' as const,
    detail: '注销: the subject no longer exists',
  }));
  const draw: DrawView = {
    drawId: 'll-food-2026-d2',
    taskId: 'll-food-2026',
    departmentId: 'lingling',
    year: 2026,
    status: 'confirmed',
    algorithm: 'dsr-draw-v1',
    eligibilityPosition: '120/120',
    strata: [
      {
        stratumId: 'all',
        classId: 'all',
        poolHash: hash,
        poolSize: 30,
        count: 2,
        exemptMembers: 0,
        excludedCount: exclusions.length,
        excludedHash: exclusionsHash(exclusions),
      },
    ],
    serverCommitment: hash,
    beacon: null,
    contributions: [],
    drawn: [{ stratumId: 'all', selected: ['s1', 's2'], skipped: [] }],
    ledgerRevision: 3,
    frozenOn: '2026-04-11',
    drawnOn: '2026-04-11',
    confirmedOn: '2026-04-11',
    voided: null,
  };
  const render = (exclusionPage: number) => {
    const offset = exclusionOffset(draw, exclusionPage);
    const page = { drawId: draw.drawId, total: exclusions.length, offset, items: exclusions.slice(offset, offset + EXCLUSIONS_PER_PAGE) };
    return drawPage({ draw, departmentName: '零陵区', taskTitle: '食品抽查', targets: new Map(), classLabels: new Map([['all', '辖区内企业']]), departmentNames: new Map(), exclusions: page });
  };

  it('shows the selection before the exclusions, fifty exclusions a page', () => {
    const first = render(1);
    expect(first.indexOf('抽取结果：辖区内企业（2 户）')).toBeGreaterThan(0);
    expect(first.indexOf('抽取结果：辖区内企业')).toBeLessThan(first.indexOf('排除对象及理由（120 户）'));
    const rows = (html: string) => (html.slice(html.indexOf('id="exclusions"')).match(/<tr>/g) ?? []).length - 1;
    expect(rows(first)).toBe(50);
    expect(rows(render(3))).toBe(20);
    expect(render(3)).toContain('第 101–120 条');
    expect(first).toContain('href="/gs/draws/ll-food-2026-d2?page=2"');
    expect(first).not.toContain('the subject no longer exists');
    expect(first).toContain('<title>食品抽查：第 2 次抽取');
  });
});
