/**
 * 一公开 — what a department publishes: its checklist and every earlier version (000 §10–11),
 * its plans and their adjustments (000 §15–16, 004 §4(4)), task announcements (002 §19) and the
 * draws behind them. Pure functions from query results to HTML.
 */
import type { ChecklistItem } from '@app/domain';
import type { ChecklistSummaryView, ChecklistVersionView, DepartmentView, DrawView } from '@app/projections';
import type { PublicPlanDto } from '../plan/plan.dto';
import type { TaskAnnouncementDto } from '../tasks/tasks.dto';
import { Html, html, join } from './html';
import { CATEGORY, DRAW_STATUS, LEVEL, METHOD, TARGET_STATUS, drawOrdinal } from './labels';
import type { PublicTargetDto } from '../targets/targets.dto';
import { Crumb, layout, page, pageWithQuery, table } from './layout';
import { resultSearchForm } from './results.views';

/** A period that breaks between its two dates, never inside one. */
const dateRange = (w: { from: string; to: string }): Html => html`<span class="nowrap">${w.from}</span> 至 <span class="nowrap">${w.to}</span>`;

const home: Crumb = { label: '首页', link: page() };
const departmentCrumb = (d: DepartmentView): Crumb => ({ label: d.name, link: page('departments', d.departmentId) });

/** Departments as their hierarchy: each under its superior, in registration order. */
function departmentTree(departments: readonly DepartmentView[]): Html {
  const known = new Set(departments.map((d) => d.departmentId));
  const under = (parentId: string | null) =>
    departments.filter((d) => (parentId === null ? d.parentId === null || !known.has(d.parentId) : d.parentId === parentId));
  const branch = (parentId: string | null): Html | null => {
    const children = under(parentId);
    if (children.length === 0) return null;
    return html`<ul>
      ${children.map(
        (d) =>
          html`<li><a href="${page('departments', d.departmentId)}">${d.name}</a> <span class="tag">${LEVEL[d.level]}</span>${branch(d.departmentId)}</li>`,
      )}
    </ul>`;
  };
  return branch(null) ?? html`<p class="muted">尚无登记的部门。</p>`;
}

export function targetSearchForm(q: string): Html {
  return html`<form class="search" method="get" action="${page('targets')}" role="search">
    <label class="muted whole" for="q">按企业名称或统一社会信用代码查询检查对象</label>
    <input type="search" id="q" name="q" value="${q}" placeholder="企业名称或18位统一社会信用代码" maxlength="100" />
    <button type="submit">查询</button>
  </form>`;
}

function announcementList(announcements: readonly TaskAnnouncementDto[], showDepartment: boolean): Html {
  if (announcements.length === 0) return html`<p class="muted">尚无任务公告。</p>`;
  return html`<ul class="plain">
    ${announcements.map(
      (a) =>
        html`<li>
          <a href="${page('announcements', a.taskId)}">${a.title}</a><br /><span class="muted"
            >${showDepartment && a.departmentName ? html`${a.departmentName} · ` : null}公告日期 ${a.announcedOn} · 检查时间 ${a.window.from} 至 ${a.window.to} ·
            抽取对象 ${a.targetCount} 户</span
          >
        </li>`,
    )}
  </ul>`;
}

export function homePage(departments: readonly DepartmentView[], latest: readonly TaskAnnouncementDto[]): string {
  return layout(
    '双随机、一公开 信息公示',
    html`<section>${targetSearchForm('')}${resultSearchForm('', undefined)}</section>
      <section>
        <h2>各部门公示信息</h2>
        <p class="muted">随机抽查事项清单、年度抽查计划、任务公告及每次抽取的核验信息。</p>
        ${departmentTree(departments)}
      </section>
      <section>
        <h2>最新任务公告</h2>
        ${announcementList(latest, true)}
      </section>
      <section>
        <h2>执法检查人员名录</h2>
        <p><a href="${page('inspectors')}">查看执法检查人员名录</a>（姓名、单位、执法证号、岗位类别、专业特长，000 §12）</p>
      </section>`,
  );
}

export interface DepartmentPageData {
  readonly department: DepartmentView;
  readonly parent: DepartmentView | null;
  readonly subordinates: readonly DepartmentView[];
  readonly checklist: ChecklistSummaryView | null;
  readonly plans: readonly PublicPlanDto[];
  readonly announcements: readonly TaskAnnouncementDto[];
  readonly draws: readonly DrawView[];
  /** Years whose execution summary is published (000 §26), newest first. */
  readonly summaryYears: readonly number[];
}

/** Draws by their ordinal within their task; a department's list names the task too. */
export function drawList(draws: readonly DrawView[], taskTitles?: ReadonlyMap<string, string>): Html {
  if (draws.length === 0) return html`<p class="muted">尚无抽取记录。</p>`;
  return table(
    ['抽取', '冻结日期', '状态', ''],
    draws.map((d) => [
      html`<a href="${page('draws', d.drawId)}">${drawOrdinal(d.drawId)}</a>${taskTitles ? html`<br /><span class="muted">${taskTitles.get(d.taskId) ?? ''}</span>` : null}`,
      d.frozenOn,
      html`<span class="tag ${d.status === 'voided' ? 'bad' : d.status === 'confirmed' ? 'ok' : ''}">${DRAW_STATUS[d.status]}</span>`,
      html`<a href="${page('draws', d.drawId, 'verify')}">核验</a>`,
    ]),
  );
}

export function departmentPage(data: DepartmentPageData): string {
  const { department: d, parent, subordinates, checklist, plans } = data;
  const checklistSection = checklist
    ? html`<p>现行版本：<a href="${page('departments', d.departmentId, 'checklist')}">第 ${checklist.currentVersion} 版</a></p>
        ${table(
          ['版本', '发布日期', '事项数', '调整原因'],
          [...checklist.versions]
            .reverse()
            .map((v) => [
              html`<a href="${page('departments', d.departmentId, 'checklist', 'versions', v.version)}">第 ${v.version} 版</a>`,
              v.publishedOn,
              v.itemCount,
              v.reason ?? '首次发布',
            ]),
        )}`
    : html`<p class="muted">尚未发布随机抽查事项清单。</p>`;
  const planSection = plans.length
    ? html`<ul class="plain">
        ${plans.map(
          (p) =>
            html`<li>
              <a href="${page('plans', p.planId)}">${p.year}年度随机抽查工作计划</a><br /><span class="muted"
                >现行第 ${p.currentVersion} 版，发布日期
                ${p.current.publishedOn ?? ''}${p.versions.length > 1 ? html`，共调整 ${p.versions.length - 1} 次` : null}</span
              >
            </li>`,
        )}
      </ul>`
    : html`<p class="muted">尚未发布年度抽查计划。</p>`;
  return layout(
    d.name,
    html`<section>
        <dl>
          <dt>层级</dt>
          <dd>${LEVEL[d.level]}</dd>
          <dt>行政区划代码</dt>
          <dd>${d.areaCode}</dd>
          ${
            parent
              ? html`<dt>上级部门</dt>
                  <dd><a href="${page('departments', parent.departmentId)}">${parent.name}</a></dd>`
              : null
          }
          ${
            subordinates.length
              ? html`<dt>下级部门</dt>
                  <dd>
                    ${join(
                      subordinates.map((s) => html`<a href="${page('departments', s.departmentId)}">${s.name}</a>`),
                      '、',
                    )}
                  </dd>`
              : null
          }
        </dl>
      </section>
      <section id="checklist">
        <h2>随机抽查事项清单</h2>
        ${checklistSection}
      </section>
      <section id="plans">
        <h2>年度抽查工作计划</h2>
        ${planSection}
      </section>
      <section id="announcements">
        <h2>任务公告</h2>
        ${announcementList(data.announcements, false)}
      </section>
      <section id="draws">
        <h2>抽取记录</h2>
        ${drawList(data.draws, new Map(data.announcements.map((a) => [a.taskId, a.title])))}
      </section>
      <section id="results">
        <h2>抽查结果</h2>
        ${resultSearchForm('', d.departmentId)}
        <p><a href="${pageWithQuery(['results'], { departmentId: d.departmentId })}">本部门全部已公示结果</a></p>
      </section>
      <section id="summaries">
        <h2>年度执行情况</h2>
        ${
          data.summaryYears.length
            ? html`<ul class="plain">
                ${data.summaryYears.map((year) => html`<li><a href="${page('departments', d.departmentId, 'annual-summaries', year)}">${year}年度随机抽查执行情况</a></li>`)}
              </ul>`
            : html`<p class="muted">年度执行情况于次年1月公布（000 §26），尚无可查看的年度。</p>`
        }
      </section>
      <section>
        <h2>执法检查人员</h2>
        <p><a href="${page('inspectors') + '?departmentId=' + encodeURIComponent(d.departmentId)}">本部门执法检查人员名录</a></p>
      </section>`,
    [home],
  );
}

function checklistItem(item: ChecklistItem, index: number): Html {
  return html`<div class="card" id="${'item-' + item.itemId}">
    <h3>${item.name} <span class="tag ${item.category === 'key' ? 'key' : ''}">${CATEGORY[item.category]}</span></h3>
    <dl>
      <dt>序号</dt>
      <dd>第 ${index + 1} 项</dd>
      <dt>检查内容</dt>
      <dd>${item.content}</dd>
      <dt>检查依据</dt>
      <dd>${item.legalBasis}</dd>
      <dt>抽查主体</dt>
      <dd>${item.inspectingBody}</dd>
      <dt>检查对象</dt>
      <dd>${item.targetType}</dd>
      <dt>检查方式</dt>
      <dd>
        ${join(
          item.methods.map((m) => METHOD[m]),
          '、',
        )}
      </dd>
      ${
        item.qualifications.length
          ? html`<dt>检查人员资格</dt>
              <dd>${join(item.qualifications, '、')}</dd>`
          : null
      }
      <dt>抽查比例</dt>
      <dd>${item.ratioCap === null ? '不设上限（重点事项）' : `不超过 ${item.ratioCap}%`}</dd>
    </dl>
  </div>`;
}

export function checklistPage(department: DepartmentView, version: ChecklistVersionView, summary: ChecklistSummaryView): string {
  const isCurrent = version.version === summary.currentVersion;
  const others = summary.versions.filter((v) => v.version !== version.version);
  return layout(
    `随机抽查事项清单（第 ${version.version} 版）`,
    html`<section class="${isCurrent ? '' : 'notice'}">
        <dl>
          <dt>部门</dt>
          <dd><a href="${page('departments', department.departmentId)}">${department.name}</a></dd>
          <dt>发布日期</dt>
          <dd>${version.publishedOn}</dd>
          <dt>调整原因</dt>
          <dd>${version.reason ?? '首次发布'}</dd>
          <dt>状态</dt>
          <dd>
            ${isCurrent ? '现行有效' : html`已被第 ${summary.currentVersion} 版替代，<a href="${page('departments', department.departmentId, 'checklist')}">查看现行版本</a>`}
          </dd>
          <dt>事项数</dt>
          <dd>${version.items.length}</dd>
        </dl>
        ${
          others.length
            ? html`<p class="muted">
                其他版本：${join(
                  others.map(
                    (v) =>
                      html`<a href="${page('departments', department.departmentId, 'checklist', 'versions', v.version)}"
                        >第 ${v.version} 版（${v.publishedOn}）</a
                      >`,
                  ),
                  '　',
                )}
              </p>`
            : null
        }
      </section>
      ${version.items.map((item, i) => checklistItem(item, i))}`,
    [home, departmentCrumb(department)],
  );
}

export function planPage(department: DepartmentView, plan: PublicPlanDto, shown: PublicPlanDto['current'], itemNames: ReadonlyMap<string, string>): string {
  const { split } = shown.content;
  const unit = split.unit === 'percent' ? '%' : ' 次';
  return layout(
    `${plan.year}年度随机抽查工作计划（第 ${shown.version} 版）`,
    html`<section class="${shown.version === plan.currentVersion ? '' : 'notice'}">
        <dl>
          <dt>部门</dt>
          <dd><a href="${page('departments', department.departmentId)}">${department.name}</a></dd>
          <dt>发布日期</dt>
          <dd>${shown.publishedOn ?? ''}</dd>
          <dt>调整原因</dt>
          <dd>${shown.reason ?? '首次发布'}</dd>
          <dt>依据清单</dt>
          <dd>
            <a href="${page('departments', department.departmentId, 'checklist', 'versions', shown.content.checklistVersion)}"
              >随机抽查事项清单第 ${shown.content.checklistVersion} 版</a
            >
          </dd>
          <dt>抽查分工</dt>
          <dd>省级统一 ${split.provincial}${unit}，市级统一 ${split.municipal}${unit}，县级统一 ${split.county}${unit}，本部门自行 ${split.own}${unit}</dd>
        </dl>
        <p class="muted">
          版本：${join(
            plan.versions.map((v) =>
              v.version === shown.version
                ? html`<strong>第 ${v.version} 版</strong>`
                : html`<a href="${page('plans', plan.planId, 'versions', v.version)}">第 ${v.version} 版</a>`,
            ),
            '　',
          )}
        </p>
      </section>
      <section>
        <h2>抽查事项</h2>
        ${table(
          ['抽查事项', '抽查范围', '比例', '频次', '抽查时间', '预计户数'],
          shown.content.items.map((item) => [
            itemNames.get(item.itemId) ?? '（清单中未载明名称的事项）',
            item.scope.description,
            `${item.ratio}%`,
            html`<span class="nowrap">每年 ${item.frequency} 次</span>`,
            join(item.windows.map(dateRange), '；'),
            item.estimatedTargets,
          ]),
        )}
      </section>`,
    [home, departmentCrumb(department)],
  );
}

/** The locked list as the announcement publishes it (002 §19): the draw it came from and its targets' public registry entries. */
export interface AnnouncedList {
  readonly drawId: string | null;
  readonly targets: readonly PublicTargetDto[];
}

export function announcementPage(announcement: TaskAnnouncementDto, department: DepartmentView | null, draws: readonly DrawView[], list: AnnouncedList): string {
  const a = announcement;
  return layout(
    a.title,
    html`<section>
        <dl>
          <dt>发布部门</dt>
          <dd>${department ? html`<a href="${page('departments', department.departmentId)}">${department.name}</a>` : (a.departmentName ?? '—')}</dd>
          <dt>公告日期</dt>
          <dd>${a.announcedOn}</dd>
          <dt>年度</dt>
          <dd>${a.year}</dd>
          <dt>检查时间</dt>
          <dd>${a.window.from} 至 ${a.window.to}</dd>
          <dt>抽取对象</dt>
          <dd>${a.targetCount} 户</dd>
        </dl>
      </section>
      <section>
        <h2>抽查事项</h2>
        ${table(
          ['事项', '类别', '清单版本'],
          a.items.map((item) => [
            department
              ? html`<a
                  href="${page('departments', department.departmentId, 'checklist', 'versions', item.checklistVersion) + '#item-' + encodeURIComponent(item.itemId)}"
                  >${item.name ?? '（清单中未载明名称的事项）'}</a
                >`
              : (item.name ?? '（清单中未载明名称的事项）'),
            html`<span class="tag ${item.category === 'key' ? 'key' : ''}">${CATEGORY[item.category]}</span>`,
            `第 ${item.checklistVersion} 版`,
          ]),
        )}
      </section>
      <section id="targets">
        <h2>抽查对象名单（${list.targets.length} 户）</h2>
        ${
          list.targets.length
            ? html`${table(
                ['序号', '企业名称', '统一社会信用代码', '状态'],
                list.targets.map((t, i) => [i + 1, t.name, html`<span class="hash">${t.creditCode ?? '—'}</span>`, TARGET_STATUS[t.status]]),
              )}${list.drawId ? html`<p class="muted">名单来自<a href="${page('draws', list.drawId)}">${drawOrdinal(list.drawId)}</a>的抽取结果，可核验。</p>` : null}`
            : html`<p class="muted">名单尚未锁定。</p>`
        }
      </section>
      <section>
        <h2>抽取过程</h2>
        <p class="muted">名单冻结、随机数来源、抽取结果均公开，任何人可重新计算核验。</p>
        ${drawList(draws)}
      </section>`,
    department ? [home, departmentCrumb(department)] : [home],
  );
}
