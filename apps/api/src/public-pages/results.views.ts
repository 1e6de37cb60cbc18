/**
 * Results as published (002 §28.4 结果公示): searchable by company name or credit code; each
 * correction shown next to the original it corrects, which is never edited (002 §29); and each
 * department's annual execution summary (000 §26). Counts and results only: no inspector,
 * signatory or objector is named, as the public queries carry none.
 */
import type { PublicResult } from '@app/domain';
import type { AnnualSummaryDto, PublicResultDto } from '../publication/publication.queries';
import type { DepartmentView } from '@app/projections';
import { Html, html, join } from './html';
import { resultTerm } from './labels';
import { layout, page, pageWithQuery, pager, table } from './layout';

const ITEM_RESULT: Record<PublicResult['itemResults'][number]['result'], string> = {
  compliant: '未发现问题',
  'non-compliant': '发现问题',
  'not-applicable': '不适用',
};

export function resultSearchForm(q: string, departmentId: string | undefined): Html {
  return html`<form class="search" method="get" action="${page('results')}" role="search">
    <label class="muted whole" for="rq">按企业名称或统一社会信用代码查询抽查结果</label>
    ${departmentId ? html`<input type="hidden" name="departmentId" value="${departmentId}" />` : null}
    <input type="search" id="rq" name="q" value="${q}" placeholder="企业名称或18位统一社会信用代码" maxlength="100" />
    <button type="submit">查询结果</button>
  </form>`;
}

export interface ResultSearch {
  readonly q: string;
  readonly departmentId: string | undefined;
  readonly year: number | undefined;
  /** Every registered department, for the filter; each result names its department by name. */
  readonly departments: readonly DepartmentView[];
  readonly years: readonly number[];
  readonly problem: string | null;
  readonly offset: number;
  readonly limit: number;
  readonly result: { total: number; results: PublicResultDto[] };
  /** Announced tasks' titles by task id; a result of a task without an announcement says so. */
  readonly taskTitles: ReadonlyMap<string, string>;
}

function filterForm({ q, departmentId, year, departments, years }: ResultSearch): Html {
  return html`<form class="search" method="get" action="${page('results')}" role="search">
    <label class="muted whole" for="rq">按企业名称或统一社会信用代码查询抽查结果</label>
    <input type="search" id="rq" name="q" value="${q}" placeholder="企业名称中的任意两个以上连续的字或18位统一社会信用代码" maxlength="100" />
    <label class="muted whole" for="ry">公示年度</label>
    <select id="ry" name="year">
      <option value="">全部年度</option>
      ${years.map((y) => html`<option value="${y}" ${y === year ? html` selected` : null}>${y}年</option>`)}
    </select>
    <label class="muted whole" for="rd">发布部门</label>
    <select id="rd" name="departmentId">
      <option value="">全部部门</option>
      ${departments.map((d) => html`<option value="${d.departmentId}" ${d.departmentId === departmentId ? html` selected` : null}>${d.name}</option>`)}
    </select>
    <button type="submit">查询结果</button>
  </form>`;
}

export function resultsPage(search: ResultSearch): string {
  const { q, departmentId, year, problem, offset, limit, result, taskTitles } = search;
  const body = problem
    ? html`<p class="bad" role="alert">${problem}</p>`
    : result.total === 0
      ? html`<p>${q ? html`没有找到与“${q}”相符的已公示结果。` : '没有符合条件的已公示抽查结果。'}</p>`
      : html`${table(
          ['企业名称', '统一社会信用代码', '抽查事项', '抽查任务', '检查结果', '公示日期'],
          result.results.map((r) => {
            const term = resultTerm(r.current);
            return [
              html`<a href="${page('results', r.taskId, r.targetId)}">${r.current.targetName}</a>`,
              html`<span class="hash">${r.current.creditCode ?? '—'}</span>`,
              r.current.itemResults.length ? join(r.current.itemResults.map((i) => i.itemName), '；') : '—',
              html`<a href="${page('announcements', r.taskId)}">${taskTitles.get(r.taskId) ?? '任务公告'}</a>`,
              html`<span class="tag ${term === '发现问题' ? 'bad' : term === '未发现问题' ? 'ok' : ''}">${term}</span>${
                r.corrections.length ? html` <span class="tag bad">已更正 ${r.corrections.length} 次</span>` : null
              }`,
              html`<span class="nowrap">${r.publishedOn}</span>`,
            ];
          }),
        )}${pager(['results'], { q: q || undefined, year, departmentId }, offset, limit, result.total)}`;
  return layout(
    '抽查结果公示',
    html`<section>${filterForm(search)}</section>
      <section id="results">${body}</section>`,
    [{ label: '首页', link: page() }],
  );
}

function resultBlock(result: PublicResult): Html {
  return html`<dl>
      <dt>检查对象</dt>
      <dd>${result.targetName}</dd>
      <dt>统一社会信用代码</dt>
      <dd class="hash">${result.creditCode ?? '—'}</dd>
      <dt>检查结论</dt>
      <dd>${result.conclusion}</dd>
      <dt>处理情况</dt>
      <dd>${result.handling}</dd>
      <dt>检查结果</dt>
      <dd>${resultTerm(result)}</dd>
    </dl>
    ${table(
      ['抽查事项', '结果'],
      result.itemResults.map((i) => [
        i.itemName,
        html`<span class="tag ${i.result === 'non-compliant' ? 'bad' : i.result === 'compliant' ? 'ok' : ''}">${ITEM_RESULT[i.result]}</span>`,
      ]),
    )}`;
}

export function resultPage(result: PublicResultDto): string {
  const corrected = result.corrections.length > 0;
  return layout(
    `抽查结果：${result.current.targetName}`,
    html`<section>
        <dl>
          <dt>发布部门</dt>
          <dd><a href="${page('departments', result.departmentId)}">${result.departmentName ?? '发布部门'}</a></dd>
          <dt>抽查任务</dt>
          <dd><a href="${page('announcements', result.taskId)}">任务公告</a></dd>
          <dt>公示日期</dt>
          <dd>${result.publishedOn}</dd>
          <dt>状态</dt>
          <dd>${corrected ? html`<span class="tag bad">已更正 ${result.corrections.length} 次</span>，下列原公示结果保留不变` : '按原公示结果'}</dd>
        </dl>
      </section>
      <div class="versions">
        <section id="original">
          <h2>原公示结果（${result.publishedOn}）</h2>
          ${resultBlock(result.original)}
        </section>
        ${result.corrections.map(
          (c) =>
            html`<section class="notice" id="${'correction-' + c.correctionNumber}">
              <h2>第 ${c.correctionNumber} 次更正（${c.correctedOn}）</h2>
              <p>
                <strong>更正原因：</strong
                >${c.reason}${c.objectionNumber !== null ? html`<br /><span class="muted">因检查对象提出的第 ${c.objectionNumber} 项异议经复核成立而更正</span>` : null}
              </p>
              ${resultBlock(c.correctedResult)}
            </section>`,
        )}
      </div>`,
    [
      { label: '首页', link: page() },
      { label: '抽查结果公示', link: pageWithQuery(['results'], { departmentId: result.departmentId }) },
    ],
  );
}

const COUNTS: readonly [keyof AnnualSummaryDto['totals'], string][] = [
  ['tasks', '抽查任务'],
  ['tasksCompleted', '已完成任务'],
  ['drawsHeld', '抽取检查对象次数（含作废）'],
  ['targetsDrawn', '抽取检查对象户数'],
  ['inspectorsDrawn', '抽取执法检查人员人次'],
  ['inspectionsReported', '已报告检查'],
  ['targetsUnreachable', '无法检查（查无下落、注销、吊销）'],
  ['handedOver', '移交其他辖区'],
  ['feedbackDelivered', '结果已反馈检查对象'],
  ['resultsPublished', '结果已公示'],
  ['resultsExempted', '依法不予公示'],
  ['corrections', '结果更正'],
  ['objectionsReceived', '收到异议'],
  ['objectionsUpheld', '异议成立'],
  ['objectionsRejected', '异议不成立'],
  ['comments', '检查对象对检查人员的评议'],
  ['referralsToCaseHandling', '移送案件办理机构'],
  ['referralsToJudiciary', '移送司法机关'],
];

export function annualSummaryPage(summary: AnnualSummaryDto): string {
  const document = summary.document;
  // 000 §26: once signed and published, the summary shows its frozen figures, each correction beside them
  const figures = (values: Record<string, number>) =>
    table(
      ['项目', '数量'],
      COUNTS.map(([key, label]) => [label, values[key] ?? 0]),
    );
  return layout(
    `${summary.year}年度随机抽查执行情况`,
    html`<section>
        <dl>
          <dt>部门</dt>
          <dd><a href="${page('departments', summary.departmentId)}">${summary.departmentName}</a></dd>
          <dt>公布日期</dt>
          <dd>${document ? html`${document.publishedOn}（单位负责人签发${document.onTime ? '' : '，逾期公示'}）` : html`尚未签发公示；以下为系统按记录实时统计的数据`}</dd>
        </dl>
      </section>
      <section id="totals">
        <h2>全年合计${document ? '（公示原文）' : ''}</h2>
        ${document ? figures(document.figures) : figures({ ...summary.totals })}
      </section>
      ${
        document && document.corrections.length
          ? html`<section id="corrections">
              <h2>更正</h2>
              ${document.corrections.map(
                (c) => html`<article class="card">
                  <h3>第${c.correctionNumber}次更正（${c.correctedOn}）</h3>
                  <p>更正理由：${c.reason}</p>
                  ${figures(c.figures)}
                </article>`,
              )}
            </section>`
          : ''
      }
      <section id="tasks">
        <h2>各抽查任务</h2>
        ${
          summary.tasks.length
            ? table(
                ['任务', '检查时间', '抽取户数', '已公示', '完成日期'],
                summary.tasks.map((t) => [
                  html`<a href="${page('announcements', t.taskId)}">${t.title}</a>`,
                  html`<span class="nowrap">${t.window.from}</span> 至 <span class="nowrap">${t.window.to}</span>`,
                  t.counts.targetsDrawn,
                  t.counts.resultsPublished,
                  t.completedOn ?? '未完成',
                ]),
              )
            : html`<p class="muted">本年度没有抽查任务。</p>`
        }
      </section>`,
    [
      { label: '首页', link: page() },
      { label: summary.departmentName, link: page('departments', summary.departmentId) },
    ],
  );
}
