/**
 * The signed-in person's to-do and notices (003 §3(4)): the 督办 and 问责 notices addressed to
 * them (GET /notifications), and their own duties now close to or past the deadline (GET
 * /deadlines?person=…, rungs 提醒 and 督办 as counted today). Rows carry `data-notification` and
 * `data-duty` so a test can compare the page with the API.
 */
import type { NotificationView } from '@app/projections';
import { Html, html } from '../public-pages/html';

/** One of the person's open duties as the deadline query answers it. */
export interface TodoDuty {
  readonly dutyId: string;
  readonly clause: string;
  readonly dueOn: string;
  readonly state: string;
}

const ACT_NAMES: Record<NotificationView['kind'], string> = { supervision: '督办', accountability: '问责' };
const RUNG_NAMES: Record<string, string> = { reminder: '提醒：临近期限', overdue: '已超期' };

export function noticesSection(notices: readonly NotificationView[], todo: readonly TodoDuty[]): Html {
  return html`<section class="${notices.length > 0 ? 'notice' : ''}" id="notices">
    <h2>待办与通知（提醒 · 督办 · 问责，003 §3(4)）</h2>
    ${
      notices.length === 0
        ? html`<p class="muted">没有督办或问责通知。</p>`
        : html`<div class="table">
            <table>
              <thead>
                <tr>
                  <th>通知</th>
                  <th>日期</th>
                  <th>职责</th>
                  <th>期限</th>
                  <th>内容</th>
                  <th>发出单位</th>
                </tr>
              </thead>
              <tbody>
                ${notices.map(
                  (n) =>
                    html`<tr data-notification="${n.notificationId}">
                      <td>${ACT_NAMES[n.kind]}</td>
                      <td>${n.actedOn}</td>
                      <td class="hash">${n.dutyId}（${n.clause}）</td>
                      <td>${n.dueOn}</td>
                      <td>${n.message}</td>
                      <td>${n.actingDepartmentId}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }
    ${
      todo.length === 0
        ? html`<p class="muted">本人名下没有临近期限或已超期的职责。</p>`
        : html`<h2>本人待办</h2>
            <ul>
              ${todo.map((duty) => html`<li data-duty="${duty.dutyId}">${RUNG_NAMES[duty.state] ?? duty.state} · <span class="hash">${duty.dutyId}</span>（${duty.clause}）期限 ${duty.dueOn}</li>`)}
            </ul>`
    }
  </section>`;
}
