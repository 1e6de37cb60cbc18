/**
 * The signed-in person's to-do and notices (003 §3(4)): the 督办 and 问责 notices addressed to
 * them (GET /notifications), and the open duties they answer for — their own (`responsible`), and
 * for a unit head every duty of their department — by due date, each marked 提醒 (close to the
 * deadline) or 督办 (past it) as the deadline query counts them today (GET /deadlines). Rows carry
 * `data-notification` and `data-duty` so a test can compare the page with the API. People, units,
 * tasks and targets are shown by name; an id only when no read model knows the name.
 */
import type { NotificationView } from '@app/projections';
import { Html, html } from '../public-pages/html';
import { DUTY_KIND, ESCALATION_ACT } from '../public-pages/labels';

/** One open duty as the deadline query answers it. */
export interface TodoDuty {
  readonly dutyId: string;
  readonly kind: string;
  readonly clause: string;
  readonly dueOn: string;
  readonly state: string;
  readonly taskId: string | null;
  readonly targetId: string | null;
  readonly departmentId: string | null;
  readonly responsible: readonly string[];
}

/** The open duties to show and how many there are in all. */
export interface TodoList {
  readonly items: readonly TodoDuty[];
  readonly total: number;
  /** Whether the list holds the whole department's duties (a unit head's), not only the person's own. */
  readonly ofDepartment: boolean;
}

/** Names for the ids the dashboard shows; each falls back to the id itself only when no read model names it. */
export interface Names {
  unit(id: string): string;
  person(id: string): string;
  task(id: string): string;
  target(id: string): string;
}


/** The rung's mark: 提醒 close to the deadline, 督办 past it. */
const MARKS: Record<string, { text: string; className: string }> = {
  reminder: { text: '提醒', className: 'mark warn' },
  overdue: { text: '督办', className: 'mark bad' },
  pending: { text: '未到期', className: 'mark' },
};

function dutyLabel(kind: string, clause: string): string {
  return `${DUTY_KIND[kind] ?? kind}（${clause}）`;
}

export function noticesSection(notices: readonly NotificationView[], todo: TodoList, names: Names): Html {
  const supervised = new Set(notices.filter((n) => n.kind === 'supervision').map((n) => n.dutyId));
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
                  <th>任务</th>
                  <th>期限</th>
                  <th>内容</th>
                  <th>发出单位</th>
                </tr>
              </thead>
              <tbody>
                ${notices.map(
                  (n) =>
                    html`<tr data-notification="${n.notificationId}">
                      <td>${ESCALATION_ACT[n.kind]}</td>
                      <td>${n.actedOn}</td>
                      <td>${dutyLabel(n.dutyKind, n.clause)}</td>
                      <td>${n.taskId ? names.task(n.taskId) : '—'}${n.targetId ? html` · ${names.target(n.targetId)}` : null}</td>
                      <td>${n.dueOn}</td>
                      <td>${n.message}</td>
                      <td>${names.unit(n.actingDepartmentId)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }
    <h2 id="todo">${todo.ofDepartment ? '待办职责（本人及本单位，按期限）' : '本人待办（按期限）'}</h2>
    ${
      todo.items.length === 0
        ? html`<p class="muted">${todo.ofDepartment ? '本人及本单位' : '本人名下'}没有未办结的职责。</p>`
        : html`<p class="muted">
              未办结 <span data-todo="total">${todo.total}</span> 项，其中提醒
              <span data-todo="reminder">${todo.items.filter((d) => d.state === 'reminder').length}</span> 项、督办
              <span data-todo="overdue">${todo.items.filter((d) => d.state === 'overdue').length}</span>
              项${todo.total > todo.items.length ? html`；显示期限最近的 ${todo.items.length} 项` : null}。
            </p>
            <div class="table">
              <table>
                <thead>
                  <tr>
                    <th>期限</th>
                    <th>标记</th>
                    <th>职责</th>
                    <th>任务</th>
                    <th>检查对象</th>
                    <th>单位</th>
                    <th>责任人</th>
                  </tr>
                </thead>
                <tbody>
                  ${todo.items.map((duty) => {
                    const mark = MARKS[duty.state] ?? { text: duty.state, className: 'mark' };
                    return html`<tr data-duty="${duty.dutyId}" data-state="${duty.state}">
                      <td>${duty.dueOn}</td>
                      <td>
                        <span class="${mark.className}">${mark.text}</span>${supervised.has(duty.dutyId) ? html` <span class="mark bad">已督办</span>` : null}
                      </td>
                      <td>${dutyLabel(duty.kind, duty.clause)}</td>
                      <td>${duty.taskId ? names.task(duty.taskId) : '—'}</td>
                      <td>${duty.targetId ? names.target(duty.targetId) : '—'}</td>
                      <td>${duty.departmentId ? names.unit(duty.departmentId) : '—'}</td>
                      <td data-people>${duty.responsible.length ? duty.responsible.map((id) => names.person(id)).join('、') : '—'}</td>
                    </tr>`;
                  })}
                </tbody>
              </table>
            </div>`
    }
  </section>`;
}
