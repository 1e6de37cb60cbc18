/**
 * The Chinese label of every code the API documents as an enumeration, one table per code set.
 * The OpenAPI post-processor (openapi-document.ts) gives each enum in the document the smallest
 * table that covers all its values, as `x-enum-labels` and a sentence in its description; an enum
 * no table covers is reported, and test/openapi.e2e-spec.ts fails on it. Tables the public pages
 * already keep (apps/api/src/public-pages/labels.ts, the domain's label tables) are reused as they are.
 */
import { SCALE_LABELS, SUBJECT_TYPE_LABELS } from '@app/domain';
import { CATEGORY, CERTIFICATE_STATUS, DUTY_KIND, ROLE, ENTROPY_KIND, ESCALATION_ACT, LEVEL, METHOD, TARGET_STATUS } from '../public-pages/labels';

export type CodeLabels = Readonly<Record<string, string>>;

/** The roles of the authorisation matrix, as the dashboard names them. */
export const ROLE_LABELS = ROLE;

const first = (table: Readonly<Record<string, readonly string[]>>): CodeLabels =>
  Object.fromEntries(Object.entries(table).map(([code, names]) => [code, names[0]]));

export const CODE_SETS: readonly CodeLabels[] = [
  ROLE_LABELS,
  LEVEL,
  CATEGORY,
  METHOD,
  CERTIFICATE_STATUS,
  TARGET_STATUS,
  ENTROPY_KIND,
  first(SUBJECT_TYPE_LABELS),
  Object.fromEntries(Object.entries(SCALE_LABELS).map(([code, names]) => [code, `${names[0]}企业`])),
  { business: '业务机构', 'credit-supervision': '信用监管机构', legal: '法制机构', discipline: '纪检监察机构' },
  { task: '抽查任务', target: '检查对象', inspector: '执法检查人员', plan: '抽查计划', actor: '操作人' },
  { male: '男', female: '女' },
  { resigned: '辞职', 'transferred-out': '调出', retired: '退休' },
  { inspector: '执法检查人员', expert: '专家' },
  { 'testing-body': '检验检测机构', 'research-institute': '科研院所', industry: '行业单位', university: '高等院校', other: '其他' },
  { approved: '审查通过', returned: '退回修改' },
  { A: 'A类（信用风险低）', B: 'B类（信用风险一般）', C: 'C类（信用风险较高）', D: 'D类（信用风险高）' },
  { count: '按户数', percent: '按比例（%）' },
  {
    'credit-grade': '信用风险分类变更',
    'abnormal-in': '列入经营异常名录',
    'abnormal-out': '移出经营异常名录',
    'serious-violation-in': '列入严重违法失信名单',
    'serious-violation-out': '移出严重违法失信名单',
    penalised: '受到行政处罚',
    'trustworthy-on': '认定为守信主体',
    'trustworthy-off': '取消守信主体认定',
    deregistered: '注销',
    revoked: '吊销',
  },
  {
    active: '存续',
    abnormal: '列入经营异常名录',
    'serious-violation': '列入严重违法失信名单',
    penalised: '受到行政处罚',
    trustworthy: '守信主体',
    revoked: '吊销',
    deregistered: '注销',
  },
  {
    'procedural-error': '程序错误',
    'wrong-scope': '抽取范围错误',
    'system-fault': '系统故障',
    'supervisory-decision': '上级监督决定',
    'plan-adjusted': '抽查计划调整',
  },
  { swap: '调换检查人员', withdraw: '回避退出' },
  { 'post-change': '岗位变动', 'work-conflict': '工作冲突', health: '健康原因' },
  { compliant: '未发现问题', 'non-compliant': '发现问题', 'not-applicable': '不适用', 'awaiting-test': '待检验检测结果' },
  { direct: '直接送达', post: '邮寄送达' },
  { complaint: '投诉', 'tip-off': '举报', referral: '转办移送', assignment: '上级交办', emergency: '突发事件' },
  { published: '国务院办公厅公布的放假安排', package: '随系统提供的放假安排', statutory: '仅按法定节假日推算' },
  DUTY_KIND,
  { pending: '未到期', reminder: '临近期限（提醒）', overdue: '已超期', 'closed-on-time': '按期办结', 'closed-late': '逾期办结' },
  ESCALATION_ACT,
  { signed: '签收', refused: '拒收' },
  { pass: '合格', fail: '不合格' },
  { 'not-at-registered-address': '通过登记的住所或经营场所无法联系', deregistered: '已注销', revoked: '已被吊销营业执照' },
  { 'case-handling': '案件办理机构', judiciary: '司法机关' },
  { json: 'JSON（一页）', csv: 'CSV 表格（全部，下载）', jsonl: 'JSON Lines（全部，每行一条，下载）' },
];

/** The smallest code set that labels every value, or undefined when none does. */
export function labelsFor(values: readonly unknown[], sets: readonly CodeLabels[] = CODE_SETS): CodeLabels | undefined {
  const covering = sets.filter((set) => values.every((value) => typeof value === 'string' && Object.prototype.hasOwnProperty.call(set, value)));
  if (covering.length === 0) return undefined;
  const best = covering.reduce((a, b) => (Object.keys(b).length < Object.keys(a).length ? b : a));
  return Object.fromEntries(values.map((value) => [value as string, best[value as string]]));
}
