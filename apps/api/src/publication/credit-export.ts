/**
 * 000 §25, 002 §6: results go onto the subject's record in the national enterprise
 * credit-information publicity system (国家企业信用信息公示系统). The export is one CSV per
 * department and year of publication, one row per published result as it now stands (corrections
 * applied), keyed by the subject's 统一社会信用代码, in the columns docs/credit-export.md lists —
 * so the agency's push is one upload.
 */
import { PublicItemResult } from '@app/domain';
import { UTF8_BOM, csvField } from '../history/history.export';
import type { PublicResultDto } from './publication.queries';

export const CREDIT_EXPORT_COLUMNS = [
  '统一社会信用代码',
  '市场主体名称',
  '抽查任务编号',
  '检查实施机关',
  '抽查事项及结果',
  '检查结果',
  '处理意见',
  '公示日期',
  '更正情况',
] as const;

const ITEM_RESULT: Record<PublicItemResult['result'], string> = {
  compliant: '未发现问题',
  'non-compliant': '发现问题',
  'not-applicable': '不涉及',
};

/** One result as a row: the result as it now stands, and how often it was corrected and when last. */
export function creditExportRow(result: PublicResultDto): string {
  const current = result.current;
  const items = current.itemResults.map((i) => `${i.itemName}：${ITEM_RESULT[i.result]}`).join('；');
  const last = result.corrections[result.corrections.length - 1];
  const corrected = last ? `已更正${result.corrections.length}次，最近一次${last.correctedOn}` : '';
  const values = [
    current.creditCode ?? '',
    current.targetName,
    result.taskId,
    result.departmentName ?? result.departmentId,
    items,
    current.conclusion,
    current.handling,
    result.publishedOn,
    corrected,
  ];
  return `${values.map(csvField).join(',')}\r\n`;
}

export function creditExportCsv(results: readonly PublicResultDto[]): string {
  return UTF8_BOM + `${CREDIT_EXPORT_COLUMNS.join(',')}\r\n` + results.map(creditExportRow).join('');
}
