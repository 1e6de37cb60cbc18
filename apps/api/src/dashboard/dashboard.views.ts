/**
 * The dashboard for staff and oversight (issue 6 item 6; DOMAIN.md, Oversight and assessment):
 * the assessment of a department and year as pictures — the 5% and 100% goals of 003 §1, the
 * escalation ladder of 003 §3(4) per unit, the latest draws with links to their public pages.
 * Every figure carries `data-stat="<field of GET /statistics/departments/:id>"`, so a test can
 * read the page and compare it with the API and with counts recomputed from the log.
 */
import type { Actor } from '@app/domain';
import type { DepartmentStatistics, DepartmentView, DrawView, GradeKey, NotificationView } from '@app/projections';
import { Html, Interpolation, href, html } from '../public-pages/html';
import { ROLE } from '../public-pages/labels';
import { Bar, COLOURS, barChart, stackedBar } from './charts';
import { Names, TodoList, noticesSection } from './notices.view';

export const DASHBOARD = 'dashboard';

/** 信用风险分类 rows of the dashboard, A the lowest risk (002 §15). */
const GRADE_ROWS: readonly [GradeKey, string][] = [
  ['A', 'A 类（低风险）'],
  ['B', 'B 类（一般风险）'],
  ['C', 'C 类（较高风险）'],
  ['D', 'D 类（高风险）'],
  ['ungraded', '未分类'],
];

export const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f3f4f6}
header{background:#1f3a5f;color:#fff}
header .bar{max-width:1100px;margin:0 auto;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center}
header .site{font-weight:700;font-size:1.1rem;color:#fff;text-decoration:none}
header .site.public{font-weight:400;font-size:.95rem}
header .who{margin-left:auto;font-size:.9rem;opacity:.9}
header form{display:inline}
header button{background:transparent;border:1px solid #fff;color:#fff;border-radius:4px;padding:.15rem .6rem;cursor:pointer}
main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.3rem 0 .2rem}
h2{font-size:1.1rem;margin:0 0 .6rem}
.muted{color:#57606a;font-size:.9rem}
section{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:.9rem 1rem;margin:0 0 1rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:.8rem;margin:0 0 1rem}
.card{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:.7rem .9rem;border-top:4px solid #8c959f}
.card.met{border-top-color:#1a7f37}.card.unmet{border-top-color:#cf222e}
.card .label{color:#57606a;font-size:.9rem}
.card .figure{font-size:1.9rem;font-weight:700;line-height:1.2}
.card .detail{font-size:.88rem;color:#57606a}
.card .goal{font-size:.85rem}
.ok{color:#1a7f37}.bad{color:#cf222e}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1rem;margin:0 0 1rem}
.grid2 section{margin:0}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e6ea;vertical-align:middle}
th{background:#f0f2f5;font-weight:600;white-space:nowrap}
td.bars{min-width:200px}
form.pick input.year{width:6rem}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.chart{display:block;max-width:100%;height:auto}
.stack .chart{height:26px}
.stack{margin:.2rem 0 .6rem}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1rem;padding:0;margin:.35rem 0 0;font-size:.88rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
form.pick{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.4rem 0 1rem}
form.pick select,form.pick input{padding:.3rem .4rem;font-size:.95rem}
.button,form.pick button{padding:.35rem .9rem;border:0;border-radius:4px;background:#0b57d0;color:#fff;cursor:pointer;font-size:.95rem}
textarea{width:100%;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
.notice{border-left:4px solid #cf222e;background:#fff4f2}
.mark{display:inline-block;padding:0 .35rem;border-radius:3px;font-size:.82rem;background:#eaeef2;color:#57606a}
.mark.warn{background:#fff1c2;color:#7d4e00}.mark.bad{background:#ffebe9;color:#cf222e}
.card.pending{border-top-color:#bf8700}
.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
@media (max-width:600px){.grid2{grid-template-columns:1fr}}
`;

function shell(title: string, actor: Actor | null, body: Interpolation, names?: Names): string {
  const head = html`<meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · 双随机、一公开 监管考核看板</title>`;
  const content = html`<header>
      <div class="bar">
        <a class="site" href="/${DASHBOARD}">双随机、一公开 监管考核看板</a>
        <a class="site public" href="/gs">信息公示</a>
        ${
          actor
            ? html`<span class="who"
                >${names ? names.person(actor.id) : actor.id}（${ROLE[actor.role] ?? actor.role}，${names ? names.unit(actor.unit) : actor.unit}）
                <form method="post" action="/${DASHBOARD}/logout" enctype="text/plain"><button type="submit">退出</button></form></span
              >`
            : null
        }
      </div>
    </header>
    <main>${body}</main>`;
  // the style sheet is a constant of this file, written out as it is: escaping would break its quotes
  return `<!doctype html>\n<html lang="zh-CN">\n<head>\n${head.value}\n<style>${CSS}</style>\n</head>\n<body>\n${content.value}\n</body>\n</html>\n`;
}

/** The sign-in form: the token is posted once and kept in an HttpOnly cookie for the dashboard's pages only. */
export function loginPage(message: string | null): string {
  return shell(
    '登录',
    null,
    html`<h1>登录监管考核看板</h1>
<section${message ? html` class="notice"` : null}>
${message ? html`<p>${message}</p>` : null}
<form method="post" action="/${DASHBOARD}/login" enctype="text/plain">
<p><label for="token">访问令牌（由系统管理员签发）</label></p>
<textarea id="token" name="token" rows="5" required autocomplete="off" spellcheck="false"></textarea>
<p><button class="button" type="submit">登录</button></p>
</form>
<p class="muted">令牌仅保存在本浏览器的安全 Cookie 中（HttpOnly、SameSite=Strict），只用于本看板页面。</p>
</section>`,
  );
}

/** An error as a page; `problemType` is the API's problem type, kept on the page for programs that read it. */
export function errorPage(actor: Actor | null, status: number, message: string, problemType = ''): string {
  return shell(
    `错误 ${status}`,
    actor,
    html`<h1>无法显示（${status}）</h1>
      <section class="notice" data-problem-type="${problemType}">
        <p>${message}</p>
        <p><a href="/${DASHBOARD}">返回看板</a></p>
      </section>`,
  );
}

/** A department the reader may open, with its depth below the top of what they may read. */
export interface PickerEntry {
  readonly department: DepartmentView;
  readonly depth: number;
}

/** The department picker: a list of departments by name (indented by level), never a typed id. */
function departmentPicker(picker: readonly PickerEntry[], selected: string): Html {
  return html`<label
    >单位
    <select name="department" id="department-picker">
      ${picker.map(({ department: d, depth }) => {
        // indented by level, so the tree reads as the organisation does
        const label = `${'　'.repeat(depth)}${d.name}`;
        return d.departmentId === selected
          ? html`<option value="${d.departmentId}" selected>${label}</option>`
          : html`<option value="${d.departmentId}">${label}</option>`;
      })}
    </select></label
  >`;
}

/** Choose a department, for readers whose own unit is none and who have no single top department to start from. */
export function pickerPage(actor: Actor, departments: readonly PickerEntry[], year: number, names?: Names): string {
  return shell(
    '选择单位',
    actor,
    html`<h1>选择单位</h1>
      <section>
        <ul>
          ${departments.map(
            ({ department: d, depth }) =>
              html`<li class="depth-${depth}"><a href="${href([DASHBOARD], { department: d.departmentId, year })}">${'　'.repeat(depth)}${d.name}</a></li>`,
          )}
        </ul>
      </section>`,
    names,
  );
}

const pct = (share: number | null) => (share === null ? '—' : `${share}%`);

/** A figure the tests read: `data-stat` names the statistic's field. */
const figure = (stat: string, text: string | number) => html`<span data-stat="${stat}">${text}</span>`;

function card(label: string, stat: string, share: number | null, detail: Html, goal: { text: string; met: boolean } | null): Html {
  // nothing to count is neither met nor missed
  if (share === null && goal) return card(label, stat, share, detail, null);
  const state = goal === null ? '' : goal.met ? 'met' : 'unmet';
  return html`<div class="card ${state}">
    <div class="label">${label}</div>
    <div class="figure">${figure(stat, pct(share))}</div>
    <div class="detail">${detail}</div>
    ${goal ? html`<div class="goal ${goal.met ? 'ok' : 'bad'}">${goal.text}：${goal.met ? '达标' : '未达标'}</div>` : null}
  </div>`;
}

function ladderRow(name: string, departmentId: string, s: DepartmentStatistics): Interpolation[] {
  const d = s.duties;
  const cell = (state: keyof DepartmentStatistics['duties']) => html`<td class="n">${figure(`ladder.${departmentId}.${state}`, d[state])}</td>`;
  return [
    html`<td>${name}</td>`,
    cell('reminder'),
    cell('overdue'),
    cell('closed-late'),
    cell('closed-on-time'),
    cell('pending'),
    html`<td class="bars">
      ${stackedBar(`${name} 期限阶梯`, [
        { label: '提醒', value: d.reminder, colour: COLOURS.warn },
        { label: '督办', value: d.overdue, colour: COLOURS.bad },
        { label: '问责', value: d['closed-late'], colour: COLOURS.worse },
        { label: '按时办结', value: d['closed-on-time'], colour: COLOURS.good },
        { label: '未到期', value: d.pending, colour: COLOURS.neutral },
      ])}
    </td>`,
  ];
}

/** The publication goal of a unit in words: failing only for results late or overdue, never for those within their 20 working days. */
function publicationMark(s: DepartmentStatistics): Html {
  if (s.publication.due === 0) return html`<span class="mark">无应公示</span>`;
  if (!s.publication.met) return html`<span class="mark bad">未达标</span>`;
  return s.publication.pending ? html`<span class="mark warn">期限内待公示</span>` : html`<span class="mark ok">达标</span>`;
}

const DRAW_STATUS: Record<DrawView['status'], string> = { frozen: '名单池已固定', drawn: '已抽取', confirmed: '已确认', voided: '已作废' };

export interface DashboardData {
  readonly actor: Actor;
  readonly department: DepartmentView;
  readonly names: Names;
  /** The departments the reader may open, for the picker. */
  readonly picker: readonly PickerEntry[];
  readonly statistics: DepartmentStatistics;
  readonly children: readonly DepartmentStatistics[];
  readonly draws: readonly DrawView[];
  /** The 督办 and 问责 notices addressed to the signed-in person, newest first. */
  readonly notices: readonly NotificationView[];
  /** The open duties the person answers for (a unit head: and their department's), by due date. */
  readonly todo: TodoList;
}

export function dashboardPage({ actor, department, names, picker, statistics: s, children, draws, notices, todo }: DashboardData): string {
  const name = (id: string) => names.unit(id);
  const { registry, publication, coverage, tasks, recusals, objections } = s;
  // 期限内待公示: results whose 20 working days have not run out — not failing (002 §28.4)
  const publicationOpen = publication.pending;
  const body = html`<h1>${department.name} · ${s.year} 年度考核</h1>
    <p class="muted">统计截至 ${s.asOf}；名录库户数按 ${s.registryOn} 计。数据由事件日志投影计算（002 §36、003 §1、003 §3(4)）。</p>
    <form class="pick" method="get" action="/${DASHBOARD}">
      ${picker.length > 1 ? departmentPicker(picker, department.departmentId) : html`<input type="hidden" name="department" value="${department.departmentId}" />`}
      <label>年度 <input name="year" type="number" min="2000" max="2100" value="${s.year}" class="year" /></label>
      <button type="submit">查看</button>
      ${department.parentId ? html`<a href="${href([DASHBOARD], { department: department.parentId, year: s.year })}">上级：${name(department.parentId)}</a>` : null}
    </form>

    ${noticesSection(notices, todo, names)}

    <div class="cards">
      ${card(
        '随机抽查覆盖率',
        'registry.share',
        registry.share,
        html`已抽查 ${figure('registry.inspected', registry.inspected)} 户 / 名录库 ${figure('registry.size', registry.size)} 户`,
        { text: `目标 ≥ ${registry.goal}%`, met: registry.met },
      )}
      ${card(
        '结果公示率',
        'publication.share',
        publication.share,
        html`应公示 ${figure('publication.due', publication.due)} 条：已公示 ${figure('publication.published', publication.published)}，依法不予公开
        ${figure('publication.exempted', publication.exempted)}，期限内待公示 ${figure('publication.pending', publication.pending)}`,
        { text: `目标 ${publication.goal}% 按时公示${publication.pending ? '（期限内待公示不计为未达标）' : ''}`, met: publication.met },
      )}
      ${card(
        '按时公示率（20 个工作日）',
        'publication.onTimeShare',
        publication.onTimeShare,
        html`按时 ${figure('publication.onTime', publication.onTime)}，逾期公示 ${figure('publication.late', publication.late)}，超期未公示
        ${figure('publication.overdue', publication.overdue)}；不含期限内待公示`,
        null,
      )}
      ${card(
        '抽查事项覆盖率',
        'coverage.share',
        coverage.share,
        html`计划覆盖 ${figure('coverage.planItems', coverage.planItems)} 项 / 清单 ${figure('coverage.checklistItems', coverage.checklistItems)} 项`,
        null,
      )}
      ${card(
        '任务按时完成率',
        'tasks.onTimeShare',
        tasks.onTimeShare,
        html`任务 ${figure('tasks.total', tasks.total)} 项：按时完成 ${figure('tasks.onTime', tasks.onTime)}，逾期完成
        ${figure('tasks.late', tasks.late)}，超期未完成 ${figure('tasks.overdue', tasks.overdue)}，进行中 ${figure('tasks.open', tasks.open)}`,
        null,
      )}
    </div>

    ${
      children.length
        ? html`<section id="subordinates">
            <h2>下级单位（${children.length} 个）</h2>
            <p class="muted">本单位的数字见上；下表为每个下级单位本年度的数字，点“详情”查看该单位的看板。</p>
            ${barChart(
              '下级单位随机抽查覆盖率',
              children.map((child): Bar => ({
                label: name(child.departmentId),
                value: child.registry.share ?? 0,
                display: pct(child.registry.share),
                colour: child.registry.met ? COLOURS.good : COLOURS.bad,
              })),
              { max: 10, goal: { value: 5, label: '目标 5%' } },
            )}
            ${barChart(
              '下级单位结果公示率',
              children.map((child): Bar => ({ label: name(child.departmentId), value: child.publication.share ?? 0, display: pct(child.publication.share) })),
              { max: 100, goal: { value: 100, label: '100%' } },
            )}
            <div class="table">
              <table>
                <thead>
                  <tr>
                    <th>单位</th>
                    <th class="n">名录库</th>
                    <th class="n">已抽查</th>
                    <th class="n">覆盖率</th>
                    <th class="n">应公示</th>
                    <th class="n">按时公示</th>
                    <th class="n">期限内待公示</th>
                    <th class="n">超期未公示</th>
                    <th>公示考核</th>
                    <th class="n">任务</th>
                    <th class="n">督办</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${children.map(
                    (child) =>
                      html`<tr data-child="${child.departmentId}">
                        <td>${name(child.departmentId)}</td>
                        <td class="n">${figure(`children.${child.departmentId}.registry.size`, child.registry.size)}</td>
                        <td class="n">${figure(`children.${child.departmentId}.registry.inspected`, child.registry.inspected)}</td>
                        <td class="n">${figure(`children.${child.departmentId}.registry.share`, pct(child.registry.share))}</td>
                        <td class="n">${figure(`children.${child.departmentId}.publication.due`, child.publication.due)}</td>
                        <td class="n">${figure(`children.${child.departmentId}.publication.onTime`, child.publication.onTime)}</td>
                        <td class="n">${figure(`children.${child.departmentId}.publication.pending`, child.publication.pending)}</td>
                        <td class="n">${figure(`children.${child.departmentId}.publication.overdue`, child.publication.overdue)}</td>
                        <td>${publicationMark(child)}</td>
                        <td class="n">${figure(`children.${child.departmentId}.tasks.total`, child.tasks.total)}</td>
                        <td class="n">${figure(`children.${child.departmentId}.duties.overdue`, child.duties.overdue)}</td>
                        <td><a href="${href([DASHBOARD], { department: child.departmentId, year: s.year })}">详情</a></td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>
          </section>`
        : null
    }

    <section>
      <h2>考核指标</h2>
      ${barChart(
        '随机抽查覆盖率与目标',
        [{ label: '随机抽查覆盖率', value: registry.share ?? 0, display: pct(registry.share), colour: registry.met ? COLOURS.good : COLOURS.bad }],
        { max: 10, goal: { value: registry.goal, label: `目标 ${registry.goal}%` } },
      )}
      ${barChart(
        '公示、覆盖与任务完成情况',
        [
          { label: '结果公示率', value: publication.share ?? 0, display: pct(publication.share) },
          { label: '按时公示率', value: publication.onTimeShare ?? 0, display: pct(publication.onTimeShare) },
          { label: '抽查事项覆盖率', value: coverage.share ?? 0, display: pct(coverage.share) },
          { label: '任务按时完成率', value: tasks.onTimeShare ?? 0, display: pct(tasks.onTimeShare) },
        ],
        { max: 100, goal: { value: 100, label: '100%' } },
      )}
    </section>

    <section>
      <h2>按信用风险分类的抽查比例（002 §15）</h2>
      ${barChart(
        '按信用风险分类的抽查比例',
        GRADE_ROWS.map(([key, label]) => ({ label, value: s.byGrade[key].share ?? 0, display: pct(s.byGrade[key].share) })),
        { max: 100 },
      )}
      <table>
        <thead>
          <tr>
            <th>信用风险分类</th>
            <th class="n">名录库户数</th>
            <th class="n">已抽查户数</th>
            <th class="n">抽查比例</th>
          </tr>
        </thead>
        <tbody>
          ${GRADE_ROWS.map(
            ([key, label]) =>
              html`<tr>
                <td>${label}</td>
                <td class="n">${figure(`byGrade.${key}.size`, s.byGrade[key].size)}</td>
                <td class="n">${figure(`byGrade.${key}.inspected`, s.byGrade[key].inspected)}</td>
                <td class="n">${figure(`byGrade.${key}.share`, pct(s.byGrade[key].share))}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>

    <div class="grid2">
      <section>
        <h2>结果公示（002 §28.4）</h2>
        ${stackedBar('结果公示', [
          { label: '按时公示', value: publication.onTime, colour: COLOURS.good },
          { label: '逾期公示', value: publication.late, colour: COLOURS.worse },
          { label: '超期未公示', value: publication.overdue, colour: COLOURS.bad },
          { label: '期限内待公示', value: publicationOpen, colour: COLOURS.neutral },
        ])}
      </section>
      <section>
        <h2>任务执行</h2>
        ${stackedBar('任务执行', [
          { label: '按时完成', value: tasks.onTime, colour: COLOURS.good },
          { label: '逾期完成', value: tasks.late, colour: COLOURS.worse },
          { label: '超期未完成', value: tasks.overdue, colour: COLOURS.bad },
          { label: '进行中', value: tasks.open, colour: COLOURS.neutral },
        ])}
      </section>
      <section>
        <h2>回避与替换（002 §23）</h2>
        ${barChart(
          '回避与替换',
          [
            { label: '回避', value: recusals.recusals, display: String(recusals.recusals) },
            { label: '批准调整', value: recusals.releases, display: String(recusals.releases) },
            { label: '补抽替换', value: recusals.replacements, display: String(recusals.replacements) },
          ],
          { max: 5 },
        )}
        <p class="muted">
          回避 ${figure('recusals.recusals', recusals.recusals)} 次，批准调整 ${figure('recusals.releases', recusals.releases)} 次，补抽替换
          ${figure('recusals.replacements', recusals.replacements)} 次
        </p>
      </section>
      <section>
        <h2>异议与更正（002 §29）</h2>
        ${barChart(
          '异议与更正',
          [
            { label: '收到异议', value: objections.received, display: String(objections.received) },
            { label: '异议成立', value: objections.upheld, display: String(objections.upheld), colour: COLOURS.bad },
            { label: '结果更正', value: objections.corrections, display: String(objections.corrections), colour: COLOURS.warn },
          ],
          { max: 5 },
        )}
        <p class="muted">
          收到异议 ${figure('objections.received', objections.received)} 件，成立 ${figure('objections.upheld', objections.upheld)} 件，更正
          ${figure('objections.corrections', objections.corrections)} 次
        </p>
      </section>
    </div>

    <section>
      <h2>期限阶梯（提醒 · 督办 · 问责，003 §3(4)）</h2>
      <p class="muted">本年度任务的法定期限：提醒为临近期限，督办为已超期未办结，问责为逾期后才办结。</p>
      <div class="table">
        <table>
          <thead>
            <tr>
              <th>单位</th>
              <th class="n">提醒</th>
              <th class="n">督办</th>
              <th class="n">问责</th>
              <th class="n">按时办结</th>
              <th class="n">未到期</th>
              <th>分布</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              ${ladderRow(department.name, department.departmentId, s)}
            </tr>
            ${children.map(
              (child) =>
                html`<tr>
                  ${ladderRow(name(child.departmentId), child.departmentId, child)}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>

    <section>
      <h2>最近抽取</h2>
      ${
        draws.length
          ? html`<div class="table">
              <table>
                <thead>
                  <tr>
                    <th>抽取</th>
                    <th>单位</th>
                    <th>任务</th>
                    <th>状态</th>
                    <th>固定名单池</th>
                    <th>抽取日期</th>
                    <th>核验</th>
                  </tr>
                </thead>
                <tbody>
                  ${draws.map(
                    (draw) =>
                      html`<tr>
                        <td><a class="hash" href="${href(['gs', 'draws', draw.drawId])}">${draw.drawId}</a></td>
                        <td>${name(draw.departmentId)}</td>
                        <td>${names.task(draw.taskId)}</td>
                        <td>${DRAW_STATUS[draw.status]}</td>
                        <td>${draw.frozenOn}</td>
                        <td>${draw.drawnOn ?? '—'}</td>
                        <td><a href="${href(['gs', 'draws', draw.drawId, 'verify'])}">核验本次抽取</a></td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : html`<p class="muted">本单位及下级单位尚无抽取。</p>`
      }
    </section>`;
  return shell(`${department.name} ${s.year} 年度考核`, actor, body, names);
}
