/**
 * The dashboard answers errors as pages: the status the API would give (one mapping,
 * `toProblem`) and a Chinese explanation. Without a valid token it shows the sign-in form with
 * 401 and clears a stale cookie, so an expired session leads straight back to signing in.
 */
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { Actor } from '@app/domain';
import { dashboardCookie, toProblem } from '@app/platform';
import { errorPage, loginPage } from './dashboard.views';

const ROLE_NOT_ALLOWED = 'urn:dsr:problem:role-not-allowed';

const EXPLANATION: Record<number, string> = {
  400: '请求的参数有误。',
  403: '您无权查看该单位的考核数据：只能查看本单位及下级单位。',
  404: '没有找到该单位。',
};

interface Reply {
  status(code: number): Reply;
  header(name: string, value: string): Reply;
  send(body: string): void;
}

@Catch()
export class DashboardErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Dashboard');

  catch(error: unknown, host: ArgumentsHost): void {
    const { status, type } = toProblem(error);
    const http = host.switchToHttp();
    const reply = http.getResponse<Reply>().status(status).header('content-type', 'text/html; charset=utf-8');
    if (status === 401) {
      const secure = http.getRequest<{ protocol?: string }>().protocol === 'https';
      reply.header('set-cookie', dashboardCookie('', { secure, clear: true })).send(loginPage('请登录：令牌缺失、无效或已过期。'));
      return;
    }
    if (status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const actor = http.getRequest<{ actor?: Actor }>().actor ?? null;
    const explanation = type === ROLE_NOT_ALLOWED ? '您的角色不使用考核看板：见证人只能录入抽取见证值。' : (EXPLANATION[status] ?? '页面暂时无法显示，请稍后再试。');
    reply.send(errorPage(actor, status, explanation, type));
  }
}
