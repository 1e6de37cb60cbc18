/**
 * A draw as published (002 §16–19, docs/draw-protocol.md): the frozen pools' hashes and sizes and
 * every exclusion with its reason, published before any randomness existed; the entropy revealed
 * after; the selection; a voiding with its reason. And the public verification, which re-runs the
 * draw from the log (全程留痕、责任可溯).
 */
import type { DrawVerification } from '@app/platform';
import type { DrawView } from '@app/projections';
import type { DrawExclusionsPage } from '../draws/draws.handlers';
import { VOID_REASONS, VoidReasonCode } from '@app/domain';
import type { PublicTargetDto } from '../targets/targets.dto';
import { Html, html } from './html';
import { DRAW_STATUS, ENTROPY_KIND, EXCLUSION, drawOrdinal, exclusionDetail, skippedDetail, stratumName, verificationDetail, verificationStep } from './labels';
import { Crumb, layout, page, pager, table } from './layout';

/** Exclusions per page of the draw page (`?page=2` …); `GET /draws/:drawId/exclusions` pages them as JSON. */
export const EXCLUSIONS_PER_PAGE = 50;

export interface DrawPageData {
  readonly draw: DrawView;
  readonly departmentName: string | null;
  readonly taskTitle: string | null;
  /** Public registry entries of the targets the page names, by target id; a missing one is shown as unregistered. */
  readonly targets: ReadonlyMap<string, PublicTargetDto>;
  /** The task's class labels by class id (a pool is named by its class). */
  readonly classLabels: ReadonlyMap<string, string>;
  /** Department names by id, for the exclusions' details. */
  readonly departmentNames: ReadonlyMap<string, string>;
  /** The page of exclusions shown (its offset is a multiple of EXCLUSIONS_PER_PAGE). */
  readonly exclusions: DrawExclusionsPage;
}

function targetName(targets: ReadonlyMap<string, PublicTargetDto>, targetId: string): Html {
  const t = targets.get(targetId);
  return t ? html`${t.name}<br /><span class="muted hash">${t.creditCode ?? ''}</span>` : html`<span class="muted">（登记信息不公开）</span>`;
}

function crumbs(draw: DrawView, departmentName: string | null, taskTitle: string | null): Crumb[] {
  return [
    { label: '首页', link: page() },
    { label: departmentName ?? '发布部门', link: page('departments', draw.departmentId) },
    ...(taskTitle ? [{ label: taskTitle, link: page('announcements', draw.taskId) }] : []),
  ];
}

/** What part of its class a stratum is, in words: the class's own pool, its 守信 share, its targets with many complaints, or one credit-risk grade (000 §16, 002 §15). */
export function stratumPart(stratumId: string, classId: string): string {
  const part = stratumId.slice(classId.length + 1);
  if (stratumId === classId) return '本类对象（按本类比例或数量抽取）';
  if (part === 'trustworthy') return '守信对象（按降低的比例抽取）';
  if (part === 'complaints') return '投诉举报多的对象（按提高的比例抽取）';
  const grade = /^grade-([A-D])$/.exec(part);
  return grade ? `信用风险 ${grade[1]} 类对象（按该类比例抽取）` : '分层对象';
}

/** Lifted targets named on the draw page; the whole list is in the log and in GET /draws/:id. */
const LIFTED_SHOWN = 50;

/** The title of a draw's pages: its task and its ordinal, no ids. */
export const drawTitle = (draw: DrawView, taskTitle: string | null) => `${taskTitle ?? '抽查任务'}：${drawOrdinal(draw.drawId)}`;

/** How many exclusions the draw has in all, as its freeze counted them. */
export const exclusionTotal = (draw: DrawView) => draw.strata.reduce((sum, s) => sum + s.excludedCount, 0);

/** The offset of the page of exclusions asked for (from 1), kept within the pages there are. */
export function exclusionOffset(draw: DrawView, pageNumber: number): number {
  const pages = Math.max(1, Math.ceil(exclusionTotal(draw) / EXCLUSIONS_PER_PAGE));
  return (Math.min(pages, Math.max(1, pageNumber)) - 1) * EXCLUSIONS_PER_PAGE;
}

export function drawPage({ draw, departmentName, taskTitle, targets, classLabels, departmentNames, exclusions }: DrawPageData): string {
  const name = (s: { stratumId: string; classId: string }) => stratumName(s.stratumId, s.classId, classLabels.get(s.classId));
  const department = (id: string) => departmentNames.get(id) ?? '未登记的部门';
  const classLabel = (id: string) => classLabels.get(id) ?? '本类对象';
  // the selection first: what a reader comes for (issue 13 item 5), each pool with its published figures
  const selection = draw.strata.map((s) => {
    const drawn = draw.drawn?.find((d) => d.stratumId === s.stratumId) ?? null;
    return html`<section class="stratum">
      <h2>${drawn ? `抽取结果：${name(s)}（${drawn.selected.length} 户）` : `名单池：${name(s)}`}</h2>
      ${
        drawn
          ? html`${
              drawn.selected.length
                ? table(
                    ['序号', '检查对象'],
                    drawn.selected.map((id, i) => [i + 1, targetName(targets, id)]),
                  )
                : html`<p class="muted">本名单池未抽取对象。</p>`
            }${
              drawn.skipped.length
                ? html`<h3>抽中后跳过（冻结后额度已用满）</h3>
                    ${table(
                      ['检查对象', '说明'],
                      drawn.skipped.map((k) => [targetName(targets, k.targetId), html`<span class="muted">${skippedDetail(k.detail)}</span>`]),
                    )}`
                : null
            }`
          : html`<p class="muted">尚未抽取。</p>`
      }
      <dl>
        <dt>分层</dt>
        <dd>${stratumPart(s.stratumId, s.classId)}</dd>
        <dt>名单池数量</dt>
        <dd>${s.poolSize} 户${s.exemptMembers ? `（其中 ${s.exemptMembers} 户不受抽查次数限制）` : ''}</dd>
        <dt>名单池哈希 (SHA-256)</dt>
        <dd class="hash">${s.poolHash}</dd>
        <dt>应抽取数量</dt>
        <dd>${s.count} 户</dd>
        <dt>排除对象</dt>
        <dd>${s.excludedCount ? html`<a href="#exclusions">${s.excludedCount} 户</a>` : '无'}</dd>${
          s.excludedCount
            ? html`<dt>排除名单哈希 (SHA-256)</dt>
                <dd class="hash">${s.excludedHash}</dd>`
            : null
        }
      </dl>
    </section>`;
  });
  const exclusionSection = exclusions.total
    ? html`<section id="exclusions">
        <h2>排除对象及理由（${exclusions.total} 户）</h2>
        <p class="muted">
          名单冻结时依规排除、不进入名单池的对象。冻结时在产生随机数之前公布其数量和名单哈希（002 §16–19），名单按冻结时的日志位置重新计算，与公布的哈希一致后显示。
        </p>
        ${table(
          ['检查对象', '名单池', '理由', '说明'],
          exclusions.items.map((e) => [
            targetName(targets, e.targetId),
            name(e),
            EXCLUSION[e.reason],
            html`<span class="muted">${exclusionDetail(e.detail, department, classLabel) ?? ''}</span>`,
          ]),
        )}${pager(['draws', draw.drawId], {}, exclusions.offset, EXCLUSIONS_PER_PAGE, exclusions.total)}
      </section>`
    : null;
  return layout(
    drawTitle(draw, taskTitle),
    html`${
        draw.voided
          ? html`<section class="notice">
              <h2 class="flush">本次抽取已作废</h2>
              <dl>
                <dt>作废日期</dt>
                <dd>${draw.voided.voidedOn}</dd>
                <dt>作废理由</dt>
                <dd>${draw.voided.reasonCode ? html`<strong>${VOID_REASONS[draw.voided.reasonCode as VoidReasonCode] ?? '其他'}</strong>：` : ''}${draw.voided.reason}</dd>
              </dl>
              <p class="muted">作废的抽取记录保留，不删除；所用抽查次数已退回。</p>
            </section>`
          : null
      }
      <section>
        <dl>
          <dt>状态</dt>
          <dd><span class="tag ${draw.status === 'voided' ? 'bad' : draw.status === 'confirmed' ? 'ok' : ''}">${DRAW_STATUS[draw.status]}</span></dd>
          <dt>抽查任务</dt>
          <dd>${taskTitle ? html`<a href="${page('announcements', draw.taskId)}">${taskTitle}</a>` : html`<span class="muted">任务公告尚未发布</span>`}</dd>
          <dt>年度</dt>
          <dd>${draw.year}</dd>
          <dt>抽取编号（核验时引用）</dt>
          <dd class="hash ref">${draw.drawId}</dd>
          <dt>抽取算法</dt>
          <dd class="hash">${draw.algorithm}</dd>
          <dt>名单冻结日期</dt>
          <dd>${draw.frozenOn}</dd>
          <dt>名单计算位置</dt>
          <dd class="hash">${draw.eligibilityPosition}</dd>
          ${
            draw.drawnOn
              ? html`<dt>抽取日期</dt>
                  <dd>${draw.drawnOn}</dd>`
              : null
          }
          ${
            draw.confirmedOn
              ? html`<dt>确认日期</dt>
                  <dd>${draw.confirmedOn}</dd>`
              : null
          }
        </dl>
        <p><a class="button" href="${page('draws', draw.drawId, 'verify')}">核验本次抽取</a></p>
      </section>
      ${
        draw.sixMonthRuleLifted
          ? html`<section class="notice">
              <h2 class="flush">解除六个月内不再抽查的限制</h2>
              <p>上级部门检查未发现问题的检查对象，原则上六个月内不再抽查（001 §2(2)1）。本次抽取对以下 ${draw.sixMonthRuleLifted.targetIds.length} 家检查对象解除了该限制：</p>
              <dl>
                <dt>检查对象</dt>
                <dd class="hash">${draw.sixMonthRuleLifted.targetIds.slice(0, LIFTED_SHOWN).join('、')}${
                  draw.sixMonthRuleLifted.targetIds.length > LIFTED_SHOWN ? ` 等 ${draw.sixMonthRuleLifted.targetIds.length} 家` : ''
                }</dd>
                <dt>理由</dt>
                <dd>${draw.sixMonthRuleLifted.reason}</dd>
              </dl>
            </section>`
          : null
      }
      ${selection}
      <section>
        <h2>随机数来源</h2>
        <dl>
          <dt>系统随机数承诺 (SHA-256)</dt>
          <dd class="hash">${draw.serverCommitment}</dd>
          ${
            draw.beacon
              ? html`<dt>公共随机信标</dt>
                  <dd>第 ${draw.beacon.round} 轮<br /><span class="hash">${draw.beacon.source}</span></dd>`
              : null
          }
        </dl>
        ${
          draw.contributions.length
            ? html`<h3>已公开的随机数</h3>
                ${table(
                  ['来源', '提供者', '数值'],
                  draw.contributions.map((c) => [ENTROPY_KIND[c.kind], c.kind === 'witness' ? c.label : ENTROPY_KIND[c.kind], html`<span class="hash">${c.value}</span>`]),
                )}`
            : html`<p class="muted">尚未公开随机数：名单冻结后由见证人、公共信标和系统依次提供。</p>`
        }
      </section>
      ${exclusionSection}`,
    crumbs(draw, departmentName, taskTitle),
  );
}

export function verificationPage(
  draw: DrawView,
  verification: DrawVerification,
  departmentName: string | null,
  taskTitle: string | null,
  classLabels: ReadonlyMap<string, string>,
): string {
  const named = (stratumId: string) => {
    const s = draw.strata.find((x) => x.stratumId === stratumId);
    return s ? stratumName(s.stratumId, s.classId, classLabels.get(s.classId)) : '未公布的名单池';
  };
  const detail = (step: string, text: string) => {
    const said = verificationDetail(step, text);
    return said ? html`<br /><span class="muted">${said.text}</span>${said.hashes.map((h) => html`<br /><span class="muted hash">${h}</span>`)}` : null;
  };
  return layout(
    `核验本次抽取：${drawTitle(draw, taskTitle)}`,
    html`<section class="${verification.ok ? '' : 'notice'}" id="result">
        <p class="verdict ${verification.ok ? 'ok' : 'bad'}">
          ${
            verification.ok
              ? '✓ 核验通过：每一步均可由公开记录重新计算得出'
              : html`✗ 核验未通过：${verificationStep(verification.firstMismatch?.step ?? '', named)} 不一致`
          }
        </p>
        <p class="muted">
          核验从事件记录重新计算：按冻结时的记录位置重算名单池及其哈希、排除对象，检查系统随机数与事先公布的承诺一致，再用公开的随机数重新抽取，与公布的结果逐一比对。
        </p>
      </section>
      <section>
        <h2>核验步骤</h2>
        <ul class="plain steps">
          ${verification.checks.map(
            (c) =>
              html`<li class="${c.ok ? 'step-ok' : 'step-bad'}">
                <span class="mark ${c.ok ? 'ok' : 'bad'}">${c.ok ? '✓' : '✗'}</span>${verificationStep(c.step, named)}${detail(c.step, c.detail)}
              </li>`,
          )}
        </ul>
      </section>
      <p><a href="${page('draws', draw.drawId)}">返回抽取详情</a></p>`,
    [...crumbs(draw, departmentName, taskTitle), { label: drawOrdinal(draw.drawId), link: page('draws', draw.drawId) }],
  );
}
