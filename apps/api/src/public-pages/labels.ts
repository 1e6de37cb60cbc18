/** The Chinese words the public pages show for the domain's codes; one table per code set, checked complete by the compiler. */
import type { ChecklistItemCategory, DepartmentLevel, ExclusionReason, InspectionMethod, SubjectType } from '@app/domain';
import { SUBJECT_TYPE_LABELS } from '@app/domain';
import type { DrawView } from '@app/projections';

export const LEVEL: Record<DepartmentLevel, string> = { province: '省级', city: '市级', county: '县级' };

export const CATEGORY: Record<ChecklistItemCategory, string> = { general: '一般事项', key: '重点事项' };

export const METHOD: Record<InspectionMethod, string> = {
  written: '书面检查',
  'on-site': '实地核查',
  'online-monitoring': '网络监测',
  'sampling-testing': '抽样检测',
};

export const subjectType = (type: SubjectType): string => SUBJECT_TYPE_LABELS[type][0];

export const TARGET_STATUS: Record<'active' | 'revoked' | 'deregistered', string> = { active: '存续', revoked: '吊销', deregistered: '注销' };

export const DRAW_STATUS: Record<DrawView['status'], string> = {
  frozen: '已冻结名单，待抽取',
  drawn: '已抽取，待确认',
  confirmed: '已确认',
  voided: '已作废',
};

/** 002 §16–19: why a target is not in the pool. */
export const EXCLUSION: Record<ExclusionReason, string> = {
  'quota-reached': '本年度已被抽取满额（000 §19）',
  'inspected-by-superior': '上级部门本年度已检查（000 §19）',
  'inspected-by-other-unit': '本部门其他业务机构本年度已检查（000 §19）',
  'superior-found-nothing': '上级检查未发现问题未满六个月（001 §2(2)1）',
  deregistered: '已注销',
  revoked: '已吊销',
  'trustworthy-skipped': '守信主体免于抽取（000 §16）',
};

export const ENTROPY_KIND: Record<'witness' | 'beacon' | 'server', string> = { witness: '见证人', beacon: '公共随机信标', server: '系统随机数' };

export const CERTIFICATE_STATUS: Record<string, string> = { valid: '有效', 'not-yet-valid': '尚未生效', expired: '已过期', revoked: '已吊销' };

/** Names the verification's steps as `verifyDraw` words them (`pool <stratum>`, `selection <stratum>` …). */
export function verificationStep(step: string): string {
  const [kind, ...rest] = step.split(' ');
  const stratum = rest.join(' ');
  const named: Record<string, string> = {
    pool: `名单池（${stratum}）：哈希与数量`,
    count: `抽取数量（${stratum}）`,
    exclusions: `排除对象及理由（${stratum}）`,
    selection: `抽取结果（${stratum}）：重新抽取一致`,
  };
  if (named[kind] && stratum) return named[kind];
  const whole: Record<string, string> = {
    strata: '抽取分层',
    draw: '抽取',
    'server commitment': '系统随机数与事先公布的承诺一致',
    'entropy kinds': '随机数来源与记录一致',
    freeze: '名单冻结',
    task: '抽查任务',
  };
  return whole[step] ?? step;
}
