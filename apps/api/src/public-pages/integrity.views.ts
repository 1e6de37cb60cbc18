/**
 * The signed tree heads as a public page (issue 11 item 1): every head the service signed, newest
 * first, with the key that verifies them, so that anyone — an oversight unit, a journalist, a
 * target — can archive them and later hold the service to them. The same heads as a JSON feed sit
 * beside the page (`/gs/tree-heads.json`).
 */
import type { TreeHeadCosignedData } from '@app/domain';
import type { PublicKeyDto, SignedTreeHeadDto } from '../integrity/integrity.dto';
import { html } from './html';
import { layout, page, pager, table } from './layout';

const home = { label: '首页', link: page() };

/** An ISO-8601 instant as Beijing time (UTC+8), `2026-04-11 10:00:00`; anything else as it is. */
export function beijingTime(instant: string): string {
  const at = Date.parse(instant);
  if (Number.isNaN(at)) return instant;
  return new Date(at + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** A page of signed heads, newest first, each with the cosignatures witnesses handed back. */
export interface TreeHeadsWithWitnesses {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly heads: (SignedTreeHeadDto & { readonly cosignatures: readonly TreeHeadCosignedData[] })[];
}

export function treeHeadsPage(result: TreeHeadsWithWitnesses, key: PublicKeyDto): string {
  return layout(
    '日志签名树头',
    html`<section>
        <p>
          本系统的每一项操作都作为不可更改的事件记入日志。系统定期（至少每10秒，或每新增1000条事件）对整个日志计算默克尔树根哈希并以
          Ed25519 密钥签名，形成“签名树头”。任何人都可以保存这些树头；日后若日志被改写、删减或回退，用此前保存的树头和下方公钥即可发现。
          监督单位运行的见证程序只对延续其此前所见历史的树头联署（“见证”一栏）。
        </p>
        <p>同一列表的机器可读版本：<a href="${page('tree-heads.json')}">机器可读的树头列表</a>（可分页读取，供存档程序使用）。</p>
      </section>
      <section>
        <h2>签名公钥</h2>
        <p class="muted">签名算法 <span class="hash">${key.algorithm}</span>，密钥标识（公钥信息的 SHA-256 哈希）：</p>
        <p><span class="hash">${key.keyId}</span></p>
        <pre class="hash">${key.publicKeyPem}</pre>
      </section>
      <section>
        <h2>树头</h2>
        ${
          result.heads.length
            ? table(
                ['事件数（树大小）', '签名时间（北京时间）', '根哈希', '签名', '见证'],
                result.heads.map((head) => [
                  String(head.treeSize),
                  html`<span class="nowrap">${beijingTime(head.timestamp)}</span>`,
                  html`<span class="hash">${head.rootHash}</span>`,
                  html`<span class="hash">${head.signature}</span>`,
                  head.cosignatures.length
                    ? html`${head.cosignatures.map((c) => html`<span title="${c.witnessKeyId}">${c.witnessName}</span>（${beijingTime(c.cosignedAt)}）<br />`)}`
                    : html`<span class="muted">—</span>`,
                ]),
              )
            : html`<p class="muted">尚未签名任何树头。</p>`
        }${pager(['tree-heads'], {}, result.offset, result.limit, result.total)}
      </section>`,
    [home],
  );
}
