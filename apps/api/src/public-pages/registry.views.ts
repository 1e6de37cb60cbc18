/**
 * The two published registries: inspectors with the fields 000 §12 publishes (name, unit,
 * certificate number, post category, specialties — no gender, qualifications or conflicts), and
 * the target registry searched by company name or unified social credit code.
 */
import type { DepartmentView } from '@app/projections';
import type { PublicInspectorPageDto } from '../inspectors/inspectors.dto';
import type { PublicTargetDto } from '../targets/targets.dto';
import { html, join } from './html';
import { CERTIFICATE_STATUS, TARGET_STATUS, subjectType } from './labels';
import { layout, page, pager, table } from './layout';
import { targetSearchForm } from './department.views';

const home = { label: '首页', link: page() };

export function inspectorsPage(result: PublicInspectorPageDto, departments: readonly DepartmentView[], departmentId: string | undefined): string {
  const options = departments.map(
    (d) => html`<option value="${d.departmentId}" ${d.departmentId === departmentId ? html` selected` : null}>${d.name}</option>`,
  );
  return layout(
    '执法检查人员名录',
    html`<section>
        <form class="search" method="get" action="${page('inspectors')}">
          <label class="muted whole" for="departmentId">按部门筛选</label>
          <select id="departmentId" name="departmentId">
            <option value="">全部部门</option>
            ${options}
          </select>
          <button type="submit">筛选</button>
        </form>
      </section>
      <section>
        ${
          result.items.length
            ? table(
                ['姓名', '单位', '执法证号', '岗位类别', '专业特长'],
                result.items.map((i) => [
                  i.name,
                  i.department.name ?? '—',
                  i.certificate
                    ? html`<span class="hash">${i.certificate.number}</span><br /><span class="muted"
                          >${CERTIFICATE_STATUS[i.certificate.status] ?? '—'}，有效期至 ${i.certificate.validUntil}</span
                        >`
                    : '—',
                  i.postCategory,
                  join(i.specialties, '、'),
                ]),
              )
            : html`<p class="muted">没有符合条件的执法检查人员。</p>`
        }${pager(['inspectors'], { departmentId }, result.offset, result.limit, result.total)}
      </section>`,
    [home],
  );
}

export interface TargetSearch {
  readonly q: string;
  /** Why the query was not run, in words for the reader; null when it ran or nothing was asked. */
  readonly problem: string | null;
  readonly result: { total: number; offset: number; limit: number; targets: PublicTargetDto[]; totalIsUpperBound?: boolean } | null;
}

export function targetsPage({ q, problem, result }: TargetSearch): string {
  let body;
  if (problem) body = html`<p class="bad" role="alert">${problem}</p>`;
  else if (!result) body = html`<p class="muted">输入企业名称中任意部分的两个以上连续的字（例如“湘味”，可以是名称的开头、中间或结尾）或完整的18位统一社会信用代码。</p>`;
  else if (result.total === 0) body = html`<p>没有找到与“${q}”相符的检查对象。</p>`;
  else
    body = html`${table(
      ['名称', '统一社会信用代码', '主体类型', '行政区划', '状态'],
      result.targets.map((t) => [
        t.name,
        html`<span class="hash">${t.creditCode ?? '—'}</span>`,
        subjectType(t.subjectType),
        t.areaCode,
        TARGET_STATUS[t.status],
      ]),
    )}${result.totalIsUpperBound ? html`<p class="muted">名称相符的对象至多 ${result.total} 户，按页逐一核对。</p>` : null}${pager(['targets'], { q }, result.offset, result.limit, result.total)}`;
  return layout(
    '检查对象查询',
    html`<section>${targetSearchForm(q)}</section>
      <section id="results">${body}</section>`,
    [home],
  );
}

/** What a reader sees when a page cannot be shown: in Chinese, with the way back. */
export function errorPage(status: number, message: string): string {
  const title = status === 404 ? '未找到' : status === 400 ? '请求有误' : '暂时无法显示';
  return layout(
    title,
    html`<section class="notice">
      <p>${message}</p>
      <p><a href="${page()}">返回首页</a></p>
    </section>`,
  );
}
