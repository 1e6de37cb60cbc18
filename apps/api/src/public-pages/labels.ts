/** The Chinese words the public pages show for the domain's codes; one table per code set, checked complete by the compiler. */
import type { ChecklistItemCategory, DepartmentLevel, ExclusionReason, InspectionMethod, Role, SubjectType } from '@app/domain';
import { NOT_INSPECTED_CONCLUSIONS, SUBJECT_TYPE_LABELS } from '@app/domain';
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

/** The duties of the deadline ladder (003 §3(4)), by kind. */
export const DUTY_KIND: Record<string, string> = {
  report: '检查报告',
  feedback: '结果告知',
  entry: '结果录入',
  publication: '结果公示',
  'objection-review': '异议复核',
  'review-feedback': '复核结果告知',
  'annual-plan': '年度抽查计划',
  registries: '两库建立',
  'implementation-plan': '抽查实施方案',
};

/** The roles of the authorisation matrix, as the dashboard and the API's documentation name them. */
export const ROLE: Readonly<Record<Role, string>> = {
  staff: '业务科室',
  'unit-head': '单位负责人',
  'credit-lead': '信用监管牵头科室',
  legal: '法制科室',
  oversight: '纪检监察',
  admin: '系统管理员',
  witness: '见证人',
};

/** The recorded acts of the ladder: 督办 and 问责. */
export const ESCALATION_ACT: Record<'supervision' | 'accountability', string> = { supervision: '督办', accountability: '问责' };

/** Names the verification's steps as `verifyDraw` words them (`pool <stratum>`, `selection <stratum>` …), each pool by its name. */
export function verificationStep(step: string, stratumName: (stratumId: string) => string = () => '名单池'): string {
  const [kind, ...rest] = step.split(' ');
  const stratum = rest.length ? stratumName(rest.join(' ')) : '';
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
  return whole[step] ?? '核验步骤';
}

/** How the pages name a department: by its name, never by its record id. */
export type NameOf = (departmentId: string) => string;

/**
 * The recorded detail of an exclusion (libs/domain/src/draw/eligibility.ts words it for the log, in
 * English) said in Chinese for the public page. The event keeps its words: only the page
 * translates, pattern by pattern; a detail no pattern knows is left out — the reason alone shows.
 */
export function exclusionDetail(detail: string, department: NameOf, classLabel: (classId: string) => string): string | null {
  let m: RegExpExecArray | null;
  if ((m = /^守信 targets are skipped by class (.+) \(000 §16\)$/.exec(detail))) return `“${classLabel(m[1])}”对守信主体不予抽取（000 §16）`;
  if (/^注销: /.test(detail)) return '已办理注销登记，主体不再存续';
  if (/^吊销: /.test(detail)) return '营业执照已被吊销';
  if ((m = /^drawn (\d+) times in (\d{4}); the limit is (\d+) \((.+)\)$/.exec(detail)))
    return `${m[2]}年已被抽取 ${m[1]} 次，每年至多 ${m[3]} 次（${m[4].replace(/, /g, '、')}）`;
  if ((m = /^drawn by task (.+) of superior (\S+) on (\d{4}-\d{2}-\d{2}) \((.+)\)$/.exec(detail)))
    return `已于 ${m[3]} 被上级部门（${department(m[2])}）的抽查任务抽取（${m[4]}）`;
  if ((m = /^drawn by task (.+) of (?:no named unit|unit \S+) on (\d{4}-\d{2}-\d{2}); join a combined inspection instead \((.+)\)$/.exec(detail)))
    return `已于 ${m[2]} 被本部门其他业务机构的抽查任务抽取，应合并开展联合检查（${m[3]}）`;
  if ((m = /^superior (\S+) found nothing on (\d{4}-\d{2}-\d{2}) \(task .+\); (\d+) months must pass \((.+)\)$/.exec(detail)))
    return `上级部门（${department(m[1])}）于 ${m[2]} 检查未发现问题，须满 ${m[3]} 个月方可再次抽取（${m[4]}）`;
  return null;
}

/** A pool member passed over at draw time (libs/domain/src/draw/draw.decider.ts), in Chinese. */
export function skippedDetail(detail: string): string {
  const m = /^its (\d+) draws of (\d{4}) were used after the freeze/.exec(detail);
  return m ? `名单冻结后，其${m[2]}年的 ${m[1]} 次抽查次数已被其他抽取用满` : '名单冻结后抽查次数已用满';
}

/**
 * The verification's detail (libs/platform/src/draws/draw-verification.ts words it in English) in
 * Chinese: the published and recomputed figures, hashes shown as hashes. Unknown wording shows nothing.
 */
export function verificationDetail(step: string, detail: string): { text: string; hashes: string[] } | null {
  let m: RegExpExecArray | null;
  if ((m = /^published ([0-9a-f]+) \((\d+)\); recomputed ([0-9a-f]+) \((\d+)\)$/.exec(detail)))
    return { text: `公布 ${m[2]} 户，重新计算 ${m[4]} 户；公布的哈希与重新计算的哈希：`, hashes: [m[1], m[3]] };
  if ((m = /^published (\d+) selected; re-run (\d+)(, identical)?/.exec(detail)))
    return { text: `公布抽中 ${m[1]} 户，重新抽取 ${m[2]} 户${m[3] ? '，逐一相同' : '，结果不同'}`, hashes: [] };
  if ((m = /^published (\d+); recomputed (\d+)$/.exec(detail)))
    return { text: `${step.startsWith('exclusions') ? '公布排除' : step === 'strata' ? '公布分层' : '公布'} ${m[1]}，重新计算 ${m[2]}`, hashes: [] };
  if ((m = /^committed ([0-9a-f]+); revealed ([0-9a-f]+)$/.exec(detail))) return { text: '事先公布的承诺与公开的系统随机数的哈希：', hashes: [m[1], m[2]] };
  if ((m = /^recorded (.*)$/.exec(detail)))
    return { text: `记录的来源：${m[1].split(', ').map((k) => ENTROPY_KIND[k as keyof typeof ENTROPY_KIND] ?? '其他').join('、')}`, hashes: [] };
  if (/^not drawn yet/.test(detail)) return { text: '尚未抽取：仅核验名单冻结', hashes: [] };
  if (/does not arise from the task/.test(detail)) return { text: '该分层不能由任务设定重新得出', hashes: [] };
  if (/was not frozen/.test(detail)) return { text: '该分层未经冻结', hashes: [] };
  return null;
}

/**
 * 检查结果 in the fixed words the public list uses (after the national publicity system's terms):
 * the outcome of a target not inspected (002 §30) as published, otherwise from the item results —
 * a finding on any item is 发现问题, nothing applicable 未发现开展本次抽查涉及的经营活动.
 */
export const RESULT_TERMS = [
  '未发现问题',
  '发现问题',
  '未发现开展本次抽查涉及的经营活动',
  '通过登记的住所（经营场所）无法联系',
  '检查任务截止前已办理注销登记',
  '检查任务截止前已被吊销营业执照或撤销设立登记',
] as const;
export type ResultTerm = (typeof RESULT_TERMS)[number];

export function resultTerm(result: { itemResults: readonly { result: string }[]; conclusion: string }): ResultTerm {
  const notInspected: readonly string[] = Object.values(NOT_INSPECTED_CONCLUSIONS);
  const asPublished = RESULT_TERMS.find((term) => term === result.conclusion && notInspected.includes(term));
  if (asPublished) return asPublished;
  if (result.itemResults.some((i) => i.result === 'non-compliant')) return '发现问题';
  if (result.itemResults.length > 0 && result.itemResults.every((i) => i.result === 'not-applicable')) return '未发现开展本次抽查涉及的经营活动';
  return '未发现问题';
}

/** A pool (stratum) by its class's label and its part (000 §16, 002 §15), never by its id. */
export function stratumName(stratumId: string, classId: string, classLabel: string | undefined): string {
  const label = classLabel ?? '本任务检查对象';
  if (stratumId === classId) return label;
  const part = stratumId.slice(classId.length + 1);
  if (part === 'trustworthy') return `${label}（守信对象）`;
  if (part === 'complaints') return `${label}（投诉举报多的对象）`;
  const grade = /^grade-([A-D])$/.exec(part);
  return grade ? `${label}（信用风险 ${grade[1]} 类）` : `${label}（分层）`;
}

/** A draw by its ordinal within its task (`<taskId>-d<n>`, apps/api/src/draws), never by its id. */
export function drawOrdinal(drawId: string): string {
  const n = /-d(\d+)$/.exec(drawId)?.[1];
  return n ? `第 ${Number(n)} 次抽取` : '抽取';
}
