/**
 * A draw as published (002 §16–19, docs/draw-protocol.md): the frozen pools' hashes and sizes and
 * every exclusion with its reason, published before any randomness existed; the entropy revealed
 * after; the selection; a voiding with its reason. And the public verification, which re-runs the
 * draw from the log (全程留痕、责任可溯).
 */
import type { DrawVerification } from '@app/platform';
import type { DrawView } from '@app/projections';
import { VOID_REASONS, VoidReasonCode } from '@app/domain';
import type { PublicTargetDto } from '../targets/targets.dto';
import { Html, html } from './html';
import { DRAW_STATUS, ENTROPY_KIND, EXCLUSION, verificationStep } from './labels';
import { Crumb, layout, page, table } from './layout';

/** Exclusions listed per stratum on the page; the JSON view (`GET /draws/:drawId`) carries them all. */
export const EXCLUSIONS_SHOWN = 200;

export interface DrawPageData {
  readonly draw: DrawView;
  readonly departmentName: string | null;
  readonly taskTitle: string | null;
  /** Public registry entries of the targets the page names, by target id; a missing one is shown by id. */
  readonly targets: ReadonlyMap<string, PublicTargetDto>;
}

function targetName(targets: ReadonlyMap<string, PublicTargetDto>, targetId: string): Html {
  const t = targets.get(targetId);
  return t ? html`${t.name}<br /><span class="muted hash">${t.creditCode ?? targetId}</span>` : html`<span class="hash">${targetId}</span>`;
}

function crumbs(draw: DrawView, departmentName: string | null, taskTitle: string | null): Crumb[] {
  return [
    { label: '首页', link: page() },
    { label: departmentName ?? draw.departmentId, link: page('departments', draw.departmentId) },
    ...(taskTitle ? [{ label: taskTitle, link: page('announcements', draw.taskId) }] : []),
  ];
}

/** What part of its class a stratum is, in words: the class's own pool, its 守信 share, or one credit-risk grade (000 §16, 002 §15). */
export function stratumPart(stratumId: string, classId: string): string {
  const part = stratumId.slice(classId.length + 1);
  if (stratumId === classId) return '本类对象（按本类比例或数量抽取）';
  if (part === 'trustworthy') return '守信对象（按降低的比例抽取）';
  const grade = /^grade-([A-D])$/.exec(part);
  return grade ? `信用风险 ${grade[1]} 类对象（按该类比例抽取）` : stratumId;
}

export function drawPage({ draw, departmentName, taskTitle, targets }: DrawPageData): string {
  const strata = draw.strata.map((s) => {
    const drawn = draw.drawn?.find((d) => d.stratumId === s.stratumId) ?? null;
    const excluded = s.excluded.slice(0, EXCLUSIONS_SHOWN);
    return html`<section>
      <h2>名单池：${s.stratumId}</h2>
      <dl>
        <dt>对象类别</dt>
        <dd>${s.classId}</dd>
        <dt>分层</dt>
        <dd>${stratumPart(s.stratumId, s.classId)}</dd>
        <dt>名单池数量</dt>
        <dd>${s.poolSize} 户${s.exemptMembers ? `（其中 ${s.exemptMembers} 户不受抽查次数限制）` : ''}</dd>
        <dt>名单池哈希 (SHA-256)</dt>
        <dd class="hash">${s.poolHash}</dd>
        <dt>应抽取数量</dt>
        <dd>${s.count} 户</dd>
        <dt>排除对象</dt>
        <dd>${s.excluded.length} 户</dd>
      </dl>
      ${
        s.excluded.length
          ? html`<h3>排除对象及理由</h3>
              ${table(
                ['检查对象', '理由', '依据'],
                excluded.map((e) => [targetName(targets, e.targetId), EXCLUSION[e.reason], html`<span class="muted">${e.detail}</span>`]),
              )}${s.excluded.length > excluded.length ? html`<p class="muted">共 ${s.excluded.length} 户，此处列出前 ${excluded.length} 户；完整名单见 <a href="${'/draws/' + encodeURIComponent(draw.drawId)}">JSON 数据</a>。</p>` : null}`
          : null
      }
      ${
        drawn
          ? html`<h3>抽取结果（${drawn.selected.length} 户）</h3>
              ${table(
                ['序号', '检查对象'],
                drawn.selected.map((id, i) => [i + 1, targetName(targets, id)]),
              )}${
                drawn.skipped.length
                  ? html`<h3>抽中后跳过（冻结后额度已用满）</h3>
                      ${table(
                        ['检查对象', '说明'],
                        drawn.skipped.map((k) => [targetName(targets, k.targetId), html`<span class="muted">${k.detail}</span>`]),
                      )}`
                  : null
              }`
          : null
      }
    </section>`;
  });
  return layout(
    `抽取 ${draw.drawId}`,
    html`${
        draw.voided
          ? html`<section class="notice">
              <h2 class="flush">本次抽取已作废</h2>
              <dl>
                <dt>作废日期</dt>
                <dd>${draw.voided.voidedOn}</dd>
                <dt>作废理由</dt>
                <dd>${draw.voided.reasonCode ? html`<strong>${VOID_REASONS[draw.voided.reasonCode as VoidReasonCode] ?? draw.voided.reasonCode}</strong>：` : ''}${draw.voided.reason}</dd>
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
          <dd>
            ${taskTitle ? html`<a href="${page('announcements', draw.taskId)}">${taskTitle}</a>` : html`${draw.taskId}<span class="muted">（任务公告尚未发布）</span>`}
          </dd>
          <dt>年度</dt>
          <dd>${draw.year}</dd>
          <dt>算法</dt>
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
      <section>
        <h2>随机数来源</h2>
        <dl>
          <dt>系统随机数承诺 (SHA-256)</dt>
          <dd class="hash">${draw.serverCommitment}</dd>
          ${
            draw.beacon
              ? html`<dt>公共随机信标</dt>
                  <dd>${draw.beacon.source}，第 ${draw.beacon.round} 轮</dd>`
              : null
          }
        </dl>
        ${
          draw.contributions.length
            ? html`<h3>已公开的随机数</h3>
                ${table(
                  ['来源', '提供者', '数值'],
                  draw.contributions.map((c) => [ENTROPY_KIND[c.kind], c.label, html`<span class="hash">${c.value}</span>`]),
                )}`
            : html`<p class="muted">尚未公开随机数：名单冻结后由见证人、公共信标和系统依次提供。</p>`
        }
      </section>
      ${strata}`,
    crumbs(draw, departmentName, taskTitle),
  );
}

export function verificationPage(draw: DrawView, verification: DrawVerification, departmentName: string | null, taskTitle: string | null): string {
  return layout(
    `核验本次抽取：${draw.drawId}`,
    html`<section class="${verification.ok ? '' : 'notice'}" id="result">
        <p class="verdict ${verification.ok ? 'ok' : 'bad'}">
          ${
            verification.ok
              ? '✓ 核验通过：每一步均可由公开记录重新计算得出'
              : html`✗ 核验未通过：${verificationStep(verification.firstMismatch?.step ?? '')} 不一致`
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
                <span class="mark ${c.ok ? 'ok' : 'bad'}">${c.ok ? '✓' : '✗'}</span>${verificationStep(c.step)}<br /><span class="muted hash">${c.detail}</span>
              </li>`,
          )}
        </ul>
      </section>
      <p><a href="${page('draws', draw.drawId)}">返回抽取详情</a></p>`,
    [...crumbs(draw, departmentName, taskTitle), { label: `抽取 ${draw.drawId}`, link: page('draws', draw.drawId) }],
  );
}
