/**
 * The public pages answer errors as pages, not problem-details JSON: the same status the API
 * would give (one mapping, `toProblem`), a Chinese explanation and the way back home.
 */
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { toProblem } from '@app/platform';
import { errorPage } from './registry.views';

const EXPLANATION: Record<number, string> = {
  400: '请求的地址或查询条件有误。',
  404: '没有找到所请求的公示信息：它可能尚未发布，或地址有误。',
};

@Catch()
export class PublicPageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('PublicPages');

  catch(error: unknown, host: ArgumentsHost): void {
    const { status } = toProblem(error);
    if (status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const message = EXPLANATION[status] ?? '页面暂时无法显示，请稍后再试。';
    const reply = host.switchToHttp().getResponse<{ status(code: number): { header(name: string, value: string): { send(body: string): void } } }>();
    reply.status(status).header('content-type', 'text/html; charset=utf-8').send(errorPage(status, message));
  }
}
