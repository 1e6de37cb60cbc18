/** The shell every public page shares: Chinese, UTF-8, readable on a 375px phone, no script at all. */
import { Html, Interpolation, href, html } from './html';

/** Where the public pages live; the JSON API keeps `/public/…`, `/departments/…`, `/draws/…`. */
export const ROOT = 'gs';

/** A link under the public pages: `page('draws', id)` → `/gs/draws/<id>`. */
export const page = (...segments: (string | number)[]): string => href([ROOT, ...segments]);
export const pageWithQuery = (segments: (string | number)[], query: Record<string, string | number | undefined>): string => href([ROOT, ...segments], query);

export const CSS = `
*{box-sizing:border-box}
body{margin:0;overflow-wrap:anywhere;font:16px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f7f9}
header{background:#b3261e;color:#fff}
header .bar{max-width:960px;margin:0 auto;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:baseline}
header a{color:#fff;text-decoration:none}
header .site{font-weight:700;font-size:1.1rem}
header nav{display:flex;flex-wrap:wrap;gap:.2rem 1rem;font-size:.95rem}
main{max-width:960px;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;line-height:1.35;margin:.4rem 0 1rem}
h2{font-size:1.15rem;margin:1.6rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid #e3e6ea}
h3{font-size:1rem;margin:1rem 0 .4rem}
section>h2:first-child,.card>h3:first-child{margin-top:0}
a{color:#0b57d0}
section,.card{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:.8rem 1rem;margin:0 0 1rem}
.crumbs{font-size:.9rem;color:#57606a;margin:0 0 .4rem}
.muted{color:#57606a;font-size:.9rem}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid #e3e6ea}
th{background:#f0f2f5;font-weight:600;white-space:nowrap}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}
dt{color:#57606a}
dd{margin:0;min-width:0}
.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;word-break:break-all}
pre.hash{white-space:pre-wrap}
.tag{display:inline-block;padding:0 .45rem;border-radius:3px;font-size:.85rem;background:#eef1f4;white-space:nowrap}
.tag.key{background:#fde7e4;color:#8c1d18}
.tag.ok{background:#e3f4e8;color:#116329}
.tag.bad{background:#fde7e4;color:#8c1d18}
.notice{border-left:4px solid #b3261e;background:#fff4f2}
.ok{color:#116329}.bad{color:#b3261e}
.nowrap{white-space:nowrap}
dl+.table{margin-top:.7rem}
.versions{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem;align-items:start}
.versions>section{margin:0}
ul.plain{list-style:none;padding:0;margin:0}
ul.plain li{padding:.35rem 0;border-bottom:1px solid #eef0f2}
ul.plain li:last-child{border-bottom:0}
form.search{display:flex;flex-wrap:wrap;gap:.5rem;margin:.4rem 0}
form.search input[type=search]{flex:1 1 14rem;min-width:0;padding:.5rem .6rem;font-size:1rem;border:1px solid #c4c9d0;border-radius:4px}
form.search .whole{flex-basis:100%}
form.search select{flex:1 1 14rem;min-width:0;padding:.5rem;font-size:1rem}
h2.flush{margin-top:0}
p.verdict{font-size:1.15rem;font-weight:700;margin:.2rem 0}
form.search button,.button{padding:.5rem 1rem;font-size:1rem;border:0;border-radius:4px;background:#0b57d0;color:#fff;text-decoration:none;display:inline-block;cursor:pointer}
.pager{display:flex;flex-wrap:wrap;gap:.3rem .5rem;align-items:baseline;margin:.6rem 0}
.pager a,.pager strong{display:inline-block;min-width:2.2rem;padding:.2rem .5rem;text-align:center;border:1px solid #c4c9d0;border-radius:4px;text-decoration:none}
.pager strong{background:#0b57d0;border-color:#0b57d0;color:#fff}
.pager .gap{padding:0 .2rem}
.pager .muted{flex-basis:100%}
.steps li{padding:.45rem 0}
.mark{font-weight:700;display:inline-block;width:1.4rem}
footer{max-width:960px;margin:1rem auto 2rem;padding:0 1rem;color:#57606a;font-size:.85rem}
@media (max-width:600px){
  dl{grid-template-columns:1fr}
  dt{margin-top:.4rem}
  .wide{display:none}
  th,td{padding:.35rem .3rem}
  .table{overflow-x:visible}
  .table table,.table tbody,.table tr,.table td{display:block;width:100%}
  .table thead{display:none}
  .table tr{border:1px solid #e3e6ea;border-radius:6px;margin:0 0 .6rem;padding:.3rem .6rem;background:#fff}
  .table td{border:0;padding:.25rem 0 .25rem 6.8rem;display:flow-root;overflow-wrap:anywhere}
  .table td::before{content:attr(data-label);float:left;width:6.2rem;margin-left:-6.8rem;color:#57606a;font-size:.9rem}
  .table td.unlabelled{padding-left:0}
  .table td.unlabelled::before{content:none}
}
`;

export interface Crumb {
  readonly label: string;
  readonly link: string;
}

export function layout(title: string, body: Interpolation, crumbs: readonly Crumb[] = []): string {
  // the style sheet is a constant of this file, written out as it is: escaping would break its quotes
  const head = html`<meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · 双随机、一公开 信息公示</title>`;
  const content = html`<header>
      <div class="bar">
        <a class="site" href="${page()}">双随机、一公开 信息公示</a>
        <nav>
          <a href="${page()}">首页</a><a href="${page('results')}">抽查结果</a><a href="${page('targets')}">检查对象查询</a
          ><a href="${page('inspectors')}">执法检查人员</a>
        </nav>
      </div>
    </header>
    <main>
      ${crumbs.length ? html`<p class="crumbs">${crumbs.map((c) => html`<a href="${c.link}">${c.label}</a> › `)}${title}</p>` : null}
      <h1>${title}</h1>
      ${body}
    </main>
    <footer>
      本页面依据随机抽查事项清单及“双随机、一公开”有关规定公示；每次抽取均可由任何人核验。<a href="${page('tree-heads')}">日志签名树头</a>
    </footer>`;
  return `<!doctype html>\n<html lang="zh-CN">\n<head>\n${head.value}\n<style>${CSS}</style>\n</head>\n<body>\n${content.value}\n</body>\n</html>\n`;
}

/**
 * A table on a wide screen; on a phone (≤ 600 px) each row becomes a card whose cells carry their
 * column's heading (`data-label`, shown by the style sheet), so nothing scrolls sideways.
 */
export function table(headings: readonly string[], rows: readonly Interpolation[][]): Html {
  return html`<div class="table">
    <table>
      <thead>
        <tr>
          ${headings.map((h) => html`<th>${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr>
              ${row.map((cell, i) => (headings[i] ? html`<td data-label="${headings[i]}">${cell}</td>` : html`<td class="unlabelled">${cell}</td>`))}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The page a list shows, from `page` (1, 2, …) or an older link's `offset`; anything else the first. */
export function pageNumberOf(rawPage: unknown, rawOffset: unknown, limit: number): number {
  if (typeof rawPage === 'string' && /^[1-9]\d{0,6}$/.test(rawPage)) return Number(rawPage);
  if (typeof rawOffset === 'string' && /^\d{1,9}$/.test(rawOffset)) return Math.floor(Number(rawOffset) / limit) + 1;
  return 1;
}

/**
 * Numbered pages for a paged list, as plain links with the query carried over: the first, the
 * last, and the two either side of the current page, with 上一页 / 下一页.
 */
export function pager(segments: string[], query: Record<string, string | number | undefined>, offset: number, limit: number, total: number): Html {
  const pages = Math.max(1, Math.ceil(total / limit));
  const current = Math.min(pages, Math.floor(offset / limit) + 1);
  const link = (n: number, label: string | number) => html`<a href="${pageWithQuery(segments, { ...query, page: n === 1 ? undefined : n })}">${label}</a>`;
  const shown = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const numbers: Html[] = [];
  shown.forEach((n, i) => {
    if (i > 0 && n > shown[i - 1] + 1) numbers.push(html`<span class="gap">…</span>`);
    numbers.push(n === current ? html`<strong aria-current="page">${n}</strong>` : link(n, n));
  });
  return html`<nav class="pager" aria-label="分页">
    ${current > 1 ? link(current - 1, '上一页') : null}${pages > 1 ? numbers : null}${current < pages ? link(current + 1, '下一页') : null}<span class="muted"
      >共 ${total} 条${pages > 1 ? `，共 ${pages} 页` : ''}，第 ${total === 0 ? 0 : offset + 1}–${Math.min(total, offset + limit)} 条</span
    >
  </nav>`;
}
