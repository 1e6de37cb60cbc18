import { escapeHtml, href, html, join } from './html';
import { layout } from './layout';
import { targetsPage } from './registry.views';

describe('the public pages’ HTML escaping', () => {
  it('escapes the five markup characters and the backtick', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });

  it('escapes every interpolated text, in content and in attributes', () => {
    const name = '<script>alert(1)</script>';
    const attribute = '" onmouseover="alert(1)';
    expect(html`<p title="${attribute}">${name}</p>`.value).toBe('<p title="&quot; onmouseover=&quot;alert(1)">&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('passes fragments made by html itself through once, without escaping them twice', () => {
    const inner = html`<b>${'a&b'}</b>`;
    expect(html`<p>${inner}</p>`.value).toBe('<p><b>a&amp;b</b></p>');
  });

  it('escapes an object that only looks like a fragment: only the tag makes safe markup', () => {
    const forged = { value: '<img src=x onerror=alert(1)>', toString: () => '<img src=x onerror=alert(1)>' };
    expect(html`${forged as unknown as string}`.value).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('prints nothing for null, undefined and false, numbers as numbers, and lists in order', () => {
    expect(html`${null}${undefined}${false}${0}${[1, 'x<', html`<i>y</i>`]}`.value).toBe('01x&lt;<i>y</i>');
  });

  it('escapes the separator and the parts of a join', () => {
    expect(join(['<a>', html`<b>c</b>`], '<&>').value).toBe('&lt;a&gt;&lt;&amp;&gt;<b>c</b>');
  });

  it('keeps ids inside their path segment and query values inside their parameter', () => {
    expect(href(['gs', 'draws', '../admin?x=1#y'])).toBe('/gs/draws/..%2Fadmin%3Fx%3D1%23y');
    expect(href(['gs', 'targets'], { q: '零陵 & "x"', offset: 20, empty: '', none: undefined })).toBe(
      '/gs/targets?q=%E9%9B%B6%E9%99%B5%20%26%20%22x%22&offset=20',
    );
  });
});

describe('a whole page', () => {
  it('is Chinese, UTF-8 and sized for phones', () => {
    const page = layout('标题', html`<p>正文</p>`);
    expect(page.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(page).toMatch(/<meta charset="utf-8" ?\/?>/);
    expect(page).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1" ?\/?>/);
    expect(page).not.toContain('<script');
  });

  it('shows what a reader typed back to them as text, in the box and in the message', () => {
    const q = '"><script>alert(1)</script>';
    const page = targetsPage({ q, problem: null, result: { total: 0, offset: 0, limit: 20, targets: [] } });
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page).toContain('没有找到与“&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;”相符的检查对象');
  });
});
