/**
 * Domain refusals (libs/domain/src), grouped by aggregate. Ids, dates and regulation references
 * such as (000 §19) are kept as they are.
 */
import { MessageRule, regexRule, rule } from './catalogue';

/** Why a person was left out of a matching pool (PersonExclusionReason), as a clerk reads it. */
const PERSON_EXCLUSION_ZH: Record<string, string> = {
  left: '已退出名录库',
  'no-certificate': '未持有执法证',
  'certificate-revoked': '执法证已吊销',
  'certificate-not-yet-valid': '执法证尚未生效',
  'certificate-expired': '执法证已过期',
  'lacks-qualification': '不具备检查事项要求的资格',
  'conflict-of-interest': '与检查对象存在利害关系（回避）',
  'left-pool': '已退出专家库',
  'field-mismatch': '专业领域不符',
};

/** The detail of each exclusion (candidates.ts, inspector.eligibility.ts), in Chinese; ids, numbers, dates and names kept. */
const PERSON_EXCLUSION_DETAIL_ZH: [RegExp, (...parts: string[]) => string][] = [
  [/^does not meet (.+) on (\d{4}-\d{2}-\d{2})$/s, (quals, date) => `${date} 不具备 ${quals}`],
  [/^enforcement certificate (.+) expired after (\d{4}-\d{2}-\d{2})$/s, (n, date) => `执法证 ${n} 有效期至 ${date}，已过期`],
  [/^enforcement certificate (.+) was revoked on (\d{4}-\d{2}-\d{2})$/s, (n, date) => `执法证 ${n} 已于 ${date} 吊销`],
  [/^enforcement certificate (.+) is valid only from (\d{4}-\d{2}-\d{2})$/s, (n, date) => `执法证 ${n} 自 ${date} 起方有效`],
  [/^holds no enforcement certificate$/, () => '未持有执法证'],
  [/^left the registry on (\d{4}-\d{2}-\d{2})$/, (date) => `已于 ${date} 退出名录库`],
  [/^left the expert pool on (\d{4}-\d{2}-\d{2})$/, (date) => `已于 ${date} 退出专家库`],
  [/^declared (\d{4}-\d{2}-\d{2}): (.*)$/s, (date, reason) => `${date} 申报：${reason}`],
  [/^fields (.*) do not include (.+)$/s, (fields, field) => `专业领域 ${fields} 不含 ${field === '(no field named)' ? '（未指定领域）' : field}`],
];

const exclusionDetailZh = (detail: string): string => {
  for (const [pattern, render] of PERSON_EXCLUSION_DETAIL_ZH) {
    const match = pattern.exec(detail);
    if (match) return render(...match.slice(1));
  }
  return detail;
};

/**
 * The list the matching refusal ends with — `Excluded: <id> (<reason>: <detail>); …` or `No
 * inspector was excluded: …` — in Chinese: every person left out, with the reason in words and the
 * detail (ids, certificate numbers, dates and qualification names are kept as they are).
 */
function excludedPeopleZh(rest: string): string {
  if (rest.startsWith('No inspector was excluded')) return '没有执法检查人员被排除：本单位人员不足。';
  const list = /^Excluded: (.*)$/s.exec(rest)?.[1];
  if (list === undefined) return rest;
  const people = list.split(/; (?=[^ ;()]+ \()/).map((entry) => {
    const match = /^([^ ]+) \(([\w-]+): (.*)\)$/s.exec(entry);
    return match ? `${match[1]}（${PERSON_EXCLUSION_ZH[match[2]] ?? match[2]}：${exclusionDetailZh(match[3])}）` : entry;
  });
  return `已排除：${people.join('；')}`;
}

export const NOUNS: Record<string, string> = {
  target: '检查对象',
  department: '部门',
  'superior department': '上级部门',
  'joint department': '联合抽查部门',
  inspector: '执法检查人员',
  expert: '专家',
  task: '抽查任务',
  plan: '抽查计划',
  draw: '抽取',
  item: '抽查事项',
  unit: '科室',
  certificate: '执法证',
  'sub-registry': '子名录库',
  indicator: '分类指标',
  class: '类别',
  objection: '异议',
  stratum: '分层',
  inspection: '检查',
  review: '审查',
  duty: '职责',
  'penalty decision': '行政处罚决定',
};

const NOUN = `(${Object.keys(NOUNS)
  .sort((a, b) => b.length - a.length)
  .map((n) => n.replace(/[-]/g, '\\-'))
  .join('|')})`;

/** `<noun> <id> <tail>` for every noun above: "department X is not registered" → 部门 X 未登记. */
function nounRule(group: string, tail: string, zh: string): MessageRule {
  const pattern = new RegExp(`^${NOUN} (\\S+) ${tail}$`);
  return regexRule(group, pattern, (c) => {
    // a regulation reference the tail captured, e.g. (000 §12), is kept
    return `${NOUNS[c['1']]} ${c['2']} ${zh}${c['3'] ? `（${c['3']}）` : ''}`;
  });
}

const G = 'domain:general';
const CAL = 'domain:calendar';
const CASE = 'domain:case-inspection';
const CHK = 'domain:checklist';
const DRAW = 'domain:draw';
const ESC = 'domain:escalation';
const INS = 'domain:inspection';
const PPL = 'domain:inspector';
const LOG = 'domain:integrity';
const MAT = 'domain:matching';
const ORG = 'domain:organisation';
const PLAN = 'domain:plan';
const PUB = 'domain:publication';
const TGT = 'domain:target';
const TASK = 'domain:task';

export const DOMAIN_RULES: MessageRule[] = [
  // shared shapes across aggregates
  nounRule(G, 'is not registered(?: \\((\\S+ §[^)]+)\\))?', '未登记'),
  nounRule(G, 'is already registered', '已登记'),
  nounRule(G, 'is not set up', '尚未设立'),
  nounRule(G, 'is already set up', '已设立'),
  nounRule(G, 'is named twice', '被重复列出'),
  nounRule(G, 'does not exist', '不存在'),
  nounRule(G, 'already exists', '已存在'),
  nounRule(G, 'is not filed', '尚未备案'),
  nounRule(G, 'is not defined', '尚未定义'),
  nounRule(G, 'is already defined', '已定义'),
  nounRule(G, 'is defined twice', '被重复定义'),
  nounRule(G, 'is not in the pool', '不在专家库中'),
  nounRule(G, 'is already in the pool', '已在专家库中'),
  nounRule(G, 'is not in the expert pool', '不在专家库中'),
  nounRule(G, 'has left the expert pool', '已退出专家库'),
  nounRule(G, 'is not in the draft', '不在草案中'),
  nounRule(G, 'is not in the target registry', '不在检查对象名录库中'),
  rule(G, 'a reason is required', '必须说明理由'),
  rule(G, 'a reason must not be empty', '理由不得为空'),
  rule(G, '{field:\\S+} must not be empty', '{field} 不得为空'),
  rule(G, 'a correction needs a reason', '更正必须说明理由'),
  rule(G, 'a correction states its reason ({ref})', '更正必须说明理由（{ref}）'),
  rule(G, 'say whose contribution this is', '请说明这是谁提供的随机值'),
  rule(G, 'the value must be 1–{n} characters', '该值必须为 1–{n} 个字符'),
  rule(G, 'the server value does not match its commitment', '服务器随机值与其承诺值不符'),
  rule(G, '{field:\\S+} {date:\\S+} is before {what} ({earliest})', '{field} {date} 早于{~what}（{earliest}）'),
  rule(G, '{field:\\S+} {date:\\S+} is in the future', '{field} {date} 晚于今天'),
  rule(G, '{field:\\S+} {date:\\S+} is after today ({today})', '{field} {date} 晚于今天（{today}）'),
  rule(G, "{field:\\S+} {date:\\S+} is after the task's window ended ({end})", '{field} {date} 晚于抽查任务时间窗口结束日（{end}）'),
  rule(G, 'the task completed', '抽查任务完成之日'),
  rule(G, 'the task was set up', '抽查任务设立之日'),
  rule(G, 'the result was published', '结果公示之日'),
  rule(G, 'the objection was received', '收到异议之日'),
  rule(G, 'the feedback was delivered', '反馈送达之日'),
  rule(G, 'the list was locked', '名单锁定之日'),
  rule(G, 'the expert joined the pool', '专家入库之日'),
  rule(G, 'the inspector joined the registry', '执法检查人员入库之日'),
  rule(G, 'the implementation plan was filed', '实施方案备案之日'),
  rule(G, 'version {v} was published', '第 {v} 版公布之日'),
  rule(G, 'version {v} of the plan was published', '抽查计划第 {v} 版公布之日'),
  rule(G, 'version {v}', '第 {v} 版公布之日'),
  rule(G, 'review {n}', '第 {n} 次审查之日'),
  rule(G, 'review {n} ({date})', '第 {n} 次审查之日（{date}）'),
  rule(G, 'version {v} ({date})', '第 {v} 版公布之日（{date}）'),
  rule(G, 'the approving review {n} ({date})', '批准该版本的第 {n} 次审查之日（{date}）'),
  rule(G, 'the approving review {n}', '批准该版本的第 {n} 次审查之日'),
  rule(G, 'the on-site inspection', '现场检查之日'),
  rule(G, 'the inspection was opened', '检查启动之日'),
  rule(G, 'the feedback', '反馈之日'),
  rule(G, 'the report', '检查报告之日'),
  rule(G, 'must be a SHA-256 of the file: 64 hexadecimal digits', '必须是文件的 SHA-256 值：64 位十六进制数字'),
  rule(G, 'listed twice: {list}', '重复列出：{list}'),
  rule(G, 'item {item} is named twice', '抽查事项 {item} 被重复列出'),

  // calendar (节假日安排)
  rule(CAL, 'the {year} schedule is already adopted; correct it, giving a reason', '{year} 年节假日安排已采用；如需修改，请说明理由予以更正'),
  rule(CAL, 'no {year} schedule has been adopted to correct', '尚未采用 {year} 年节假日安排，无可更正'),
  rule(CAL, 'this stream holds the {a} schedule, not {b}', '该记录保存的是 {a} 年而非 {b} 年的节假日安排'),
  rule(CAL, 'the correction leaves the {year} schedule unchanged', '该更正未改变 {year} 年节假日安排'),
  rule(CAL, 'name the notice the schedule comes from (e.g. {e})', '请写明节假日安排所依据的通知（例如 {e}）'),
  rule(CAL, 'a make-up working day (调休) must be a Saturday or Sunday: {days}', '调休工作日必须是星期六或星期日：{days}'),
  rule(CAL, 'a day cannot be both a holiday and a make-up working day: {days}', '同一天不能既是节假日又是调休工作日：{days}'),
  rule(CAL, 'the schedule omits statutory holidays of {year}: {list}', '节假日安排遗漏了 {year} 年的法定节假日：{list}'),
  rule(CAL, '{date:\\S+} does not lie in {year:\\S+}', '{date} 不在 {year} 年内'),
  rule(CAL, '{value} is not a calendar date written YYYY-MM-DD', '{value} 不是 YYYY-MM-DD 格式的日期'),

  // case inspections (非双随机检查)
  rule(CASE, 'inspection {id} was recorded on {date}', '检查 {id} 已于 {date} 登记'),
  rule(CASE, 'say what prompted the inspection: the work order, the referring document, …', '请说明检查的来由：工单、移送文书等'),
  rule(CASE, 'an inspection records what it found', '检查须记录检查发现'),

  // checklist (抽查事项清单)
  rule(CHK, 'item {item} is already in the draft; revise it instead', '抽查事项 {item} 已在草案中，请改为修订'),
  rule(CHK, 'the revision of item {item} changes nothing', '对抽查事项 {item} 的修订没有任何改变'),
  rule(CHK, 'the draft holds no items; there is nothing to review', '草案中没有抽查事项，无可审查'),
  rule(CHK, 'the draft has not changed since version {v}; there is nothing to review', '草案自第 {v} 版以来未作改动，无可审查'),
  rule(CHK, 'a returned draft needs the reasons it was returned for', '退回草案须写明退回理由'),
  rule(CHK, 'review {n} already {outcome} this draft on {date}', '第 {n} 次审查已于 {date} 对该草案作出决定（{outcome}）'),
  rule(CHK, 'the draft holds no items; an empty checklist cannot be published', '草案中没有抽查事项，不能公布空的抽查事项清单'),
  rule(CHK, 'the draft has not changed since version {v}; there is nothing to publish', '草案自第 {v} 版以来未作改动，无可公布'),
  rule(CHK, 'version {v} adjusts the checklist and needs the reason for the adjustment', '第 {v} 版调整了抽查事项清单，须说明调整理由'),
  rule(CHK, 'an item needs at least one inspection method', '抽查事项至少须有一种检查方式'),
  rule(CHK, 'an inspection method is listed twice', '检查方式被重复列出'),
  rule(CHK, 'a qualification is listed twice', '资格要求被重复列出'),
  rule(CHK, 'a key item has no upper limit on the draw ratio; leave ratioCap out', '重点检查事项不设抽查比例上限，请删除 ratioCap'),
  rule(CHK, 'a general item needs the upper limit of its draw ratio', '一般检查事项须设定抽查比例上限'),
  rule(CHK, 'ratioCap must be a percentage above 0 and at most 100', 'ratioCap 必须是大于 0、不超过 100 的百分比'),

  // draws (抽取)
  rule(DRAW, 'quotaPerYear must be a whole number from 1 to 12', 'quotaPerYear 必须是 1 至 12 之间的整数'),
  rule(DRAW, 'monthsAfterNothingFound must be a whole number from 0 to 24', 'monthsAfterNothingFound 必须是 0 至 24 之间的整数'),
  rule(DRAW, 'say why the limits change', '请说明调整抽查频次限制的理由'),
  rule(DRAW, 'task {task} is not open for a draw: it is missing or its list is locked', '抽查任务 {task} 不能抽取：任务不存在或名单已锁定'),
  rule(DRAW, 'task {task} has an open draw {draw}: confirm or void it first', '抽查任务 {task} 有尚未完成的抽取 {draw}：请先确认或作废'),
  rule(
    DRAW,
    'task {task} is a joint task and {who} {has:has|have} not accepted it yet; the one list is drawn once every invited department has joined (004 §2(4))',
    '抽查任务 {task} 是联合抽查任务，{who} 尚未接受；所有受邀部门接受后才统一抽取一份名单（004 §2(4)）',
  ),
  rule(DRAW, 'no target of task {task} is eligible', '抽查任务 {task} 没有符合条件的检查对象'),
  rule(
    DRAW,
    'this draw takes {n} targets; a draw of more than {max} names a public beacon at its freeze, so no one who runs it holds all its randomness (004 §2(3))',
    '本次抽取 {n} 家检查对象；抽取超过 {max} 家时须在冻结时指定公共随机信标，使操作人员不能掌握全部随机性（004 §2(3)）',
  ),
  rule(
    DRAW,
    'this draw takes {n} targets; locking a list that long or matching inspectors to it writes up to {bytes} bytes at once, more than the event store takes in one write ({max} bytes): split the task into smaller ones',
    '本次抽取 {n} 家检查对象；锁定这么长的名单或为其匹配检查人员，一次要写入至多 {bytes} 字节，超过事件存储单次写入的上限（{max} 字节）：请将任务拆分为较小的任务',
  ),
  rule(
    DRAW,
    'the exclusions of pool {pool} recomputed from the log do not match what the freeze published; see GET /draws/{draw}/verification',
    '按日志重新计算的名单池 {pool} 排除对象与冻结时公布的不一致；请查看 GET /draws/{draw}/verification',
  ),
  rule(DRAW, 'the draw does not exist', '该抽取不存在'),
  rule(
    DRAW,
    'draw {draw} is {status}: entropy is taken only between the freeze and the draw',
    (c) => `抽取 ${c.draw} 的状态为${drawState(c.status)}：随机值只能在冻结之后、抽取之前录入`,
  ),
  rule(DRAW, 'the server value is revealed by the draw itself', '服务器随机值由抽取本身公开'),
  rule(
    DRAW,
    "a witness value is entered by the witness under their own identity — a witness's or the legal unit's account, not a {role}'s (004 §2(3), 000 §18)",
    '见证人随机值须由见证人以本人身份录入——使用见证人或法制机构账号，而不是 {role} 账号（004 §2(3)，000 §18）',
  ),
  rule(DRAW, 'draw {draw} named no beacon at its freeze', '抽取 {draw} 冻结时未指定公共随机信标'),
  rule(DRAW, 'the beacon value of draw {draw} is already recorded', '抽取 {draw} 的信标值已录入'),
  rule(DRAW, 'draw {draw} is {status}: only a drawn list is confirmed', (c) => `抽取 ${c.draw} 的状态为${drawState(c.status)}：只有已抽出的名单才能确认`),
  rule(DRAW, 'draw {draw} is already voided', '抽取 {draw} 已作废'),
  rule(DRAW, 'the list of draw {draw} is locked by its task and can no longer be voided', '抽取 {draw} 的名单已被抽查任务锁定，不能再作废'),
  rule(
    DRAW,
    'at least one witness or beacon contribution must be revealed after the freeze before drawing (004 §2(3))',
    '抽取前，冻结后须至少公开一个见证人或信标随机值（004 §2(3)）',
  ),
  rule(DRAW, 'the beacon {source} round {round} named at the freeze is not revealed yet', '冻结时指定的信标 {source} 第 {round} 轮尚未公开'),
  rule(
    DRAW,
    'every value so far was entered by {who}, who froze the pool; a witness or someone else must contribute before the draw (004 §2(3))',
    '目前所有随机值均由冻结备选库的 {who} 录入；抽取前须由见证人或其他人提供随机值（004 §2(3)）',
  ),
  rule(DRAW, 'the pool of stratum {s} no longer matches its frozen hash', '分层 {s} 的备选库与冻结时的哈希值不再一致'),
  rule(DRAW, 'voiding a draw needs its reason', '作废抽取须说明理由'),
  rule(
    DRAW,
    'lifting the six-month rule needs a reason of at least {n} characters (001 §2(2)1)',
    '解除六个月内不再抽查的限制须说明理由，不少于 {n} 个字符（001 §2(2)1）',
  ),
  rule(DRAW, 'name the targets the six-month rule is lifted for', '请列明解除六个月内不再抽查限制的检查对象'),
  rule(DRAW, 'a target is named twice', '有检查对象被重复列出'),
  rule(
    DRAW,
    'the six-month rule does not keep {ids} out of this draw: nothing to lift (001 §2(2)1)',
    '六个月内不再抽查的限制并未将 {ids} 排除在本次抽取之外，无须解除（001 §2(2)1）',
  ),
  rule(DRAW, 'draw {draw} is {status}', (c) => `抽取 ${c.draw} 的状态为${drawState(c.status)}`),
  rule(
    DRAW,
    'version {v} of plan {plan} is not published; nothing is {step} under a plan until its version in force is published (004 §4(4), 002 §12)',
    '抽查计划 {plan} 第 {v} 版尚未公布；计划的现行版本公布之前，不得据此进行任何操作（{step}）（004 §4(4)，002 §12）',
  ),
  rule(
    DRAW,
    'stratum {s} would draw {count} of {pool} eligible targets ({share}%), above the cap of {cap}% of general item {item}: at most {allowed} (002 §9, §18)',
    '分层 {s} 将从 {pool} 家符合条件的检查对象中抽取 {count} 家（{share}%），超过一般检查事项 {item} 的比例上限 {cap}%：最多 {allowed} 家（002 §9、§18）',
  ),
  rule(
    DRAW,
    'the plan draws for item {item} {n} time{s:s?} in {year} (抽查频次, 002 §14) and task{s2:s?} {tasks} already drew for it; adjust the plan to draw more often',
    '抽查计划对检查事项 {item} 在 {year} 年的抽查频次为 {n} 次（002 §14），抽查任务 {tasks} 已对其抽取；如需增加抽查次数，请调整抽查计划',
  ),
  rule(
    DRAW,
    'stratum {s} would draw {count} of {pool} eligible targets ({share}%), above the ratio of {cap}% the plan sets for general item {item}: at most {allowed} (002 §14, §18)',
    '分层 {s} 将从 {pool} 家符合条件的检查对象中抽取 {count} 家（{share}%），超过抽查计划为一般检查事项 {item} 确定的抽查比例 {cap}%：最多 {allowed} 家（002 §14、§18）',
  ),

  // escalation (督办)
  rule(ESC, 'no duty {duty} has started', '职责 {duty} 尚未开始'),
  rule(ESC, 'no record names the department answerable for {duty} yet', '尚无记录指明 {duty} 的责任部门'),
  rule(
    ESC,
    '{unit} is neither a superior of {dep}, nor a discipline-inspection unit of it or above, nor an oversight unit (003 §3(4))',
    '{unit} 既不是 {dep} 的上级部门，也不是其本级或上级的纪检监察机构，也不是监督机构（003 §3(4)）',
  ),
  rule(ESC, '{act} on {duty} was already recorded on {date}', '{duty} 的{act}已于 {date} 登记'),
  rule(ESC, '{duty} starts on {start}, after {date}', '{duty} 于 {start} 开始，晚于 {date}'),
  rule(ESC, '{duty} (due {due}) is {state} on {date}: {rule} (003 §3(4))', '{duty}（期限 {due}）在 {date} 的状态为 {state}：{rule}（003 §3(4)）'),

  // inspections (检查实施)
  rule(INS, 'the inspection of this target has not been opened', '对该检查对象的检查尚未启动'),
  rule(INS, 'the inspection of {t} has not been handed over', '对 {t} 的检查尚未移交'),
  rule(INS, 'the inspection of {t} was handed over to {a}, not {b}', '对 {t} 的检查已移交给 {a}，而不是 {b}'),
  rule(
    INS,
    'the on-site inspection of {t} is already recorded; a pre-check comes before it (002 §25)',
    '对 {t} 的现场检查已登记；检查前核查须在现场检查之前（002 §25）',
  ),
  rule(INS, 'name at least one internal system the target was checked against (002 §25)', '请至少写明一个用于核查检查对象的内部系统（002 §25）'),
  rule(INS, 'the feedback to {t} has not been delivered; results are entered after it (000 §23)', '尚未向 {t} 送达反馈；反馈送达后才录入结果（000 §23）'),
  rule(INS, 'the results of {t} were entered on {date}', '{t} 的检查结果已于 {date} 录入'),
  rule(INS, 'the inspection of {t} under task {task} was opened on {date} by {dep}', '抽查任务 {task} 下对 {t} 的检查已由 {dep} 于 {date} 启动'),
  rule(INS, 'the inspection of {t} under task {task} has not been opened', '抽查任务 {task} 下对 {t} 的检查尚未启动'),
  rule(INS, 'target {t} was not dispatched to {dep} under task {task}', '抽查任务 {task} 未将检查对象 {t} 分派给 {dep}'),
  rule(INS, 'the on-site inspection of {t} was recorded ({from}–{to})', '对 {t} 的现场检查已登记（{from}–{to}）'),
  rule(INS, 'at least {n} different inspectors must be present on site (002 §21, §26)', '现场须至少有 {n} 名不同的执法检查人员（002 §21、§26）'),
  rule(INS, 'the inspectors must show their enforcement credentials (002 §26)', '执法检查人员须出示执法证件（002 §26）'),
  rule(INS, 'the inspection notice must be handed to the target (002 §26)', '须向检查对象送达检查通知书（002 §26）'),
  rule(INS, 'name at least one inspection method used', '请至少写明一种所用的检查方式'),
  rule(
    INS,
    'no inspectors have been matched to {t} by {dep}; they are drawn first (000 §18, 002 §21)',
    '{dep} 尚未为 {t} 匹配执法检查人员；须先随机抽取（000 §18，002 §21）',
  ),
  rule(INS, 'inspector {id} is not an active inspector of {dep} (000 §12)', '执法检查人员 {id} 不是 {dep} 的在岗执法检查人员（000 §12）'),
  rule(INS, '{item} is not an item of task {task} ({items})', '{item} 不是抽查任务 {task} 的抽查事项（{items}）'),
  rule(INS, 'a non-compliant result needs its findings', '不合格结果须写明检查发现'),
  rule(INS, 'item {item} of {t} is not awaiting a test result', '{t} 的抽查事项 {item} 没有待出的检验结果'),
  rule(INS, '{t} was inspected on site on {date}; report the inspection (002 §30)', '{t} 已于 {date} 进行现场检查，请报告检查结果（002 §30）'),
  rule(
    INS,
    'the registry does not show {t} as deregistered; record the deregistration there first (002 §30)',
    '名录库未显示 {t} 已注销；请先在名录库登记注销（002 §30）',
  ),
  rule(
    INS,
    'the registry does not show {t} as revoked; record the revocation there first (002 §30)',
    '名录库未显示 {t} 已吊销；请先在名录库登记吊销（002 §30）',
  ),
  rule(INS, 'the inspection is already with {dep}', '该检查已在 {dep}'),
  rule(
    INS,
    'the registry shows {t} under {a}, not {b}; record the move there first (002 §30)',
    '名录库显示 {t} 归属 {a}，而不是 {b}；请先在名录库登记变更（002 §30）',
  ),
  rule(
    INS,
    'no result yet for {items}; every item of the form needs one before the report (000 §21)',
    '{items} 尚无结果；报告前检查表的每个事项都须有结果（000 §21）',
  ),
  rule(INS, '{items} still await a settled test result (000 §21)', '{items} 仍在等待确定的检验结果（000 §21）'),
  rule(INS, '{t} has not been reported on; feedback follows the report (000 §22)', '{t} 尚未报告检查结果；反馈在报告之后（000 §22）'),
  rule(INS, 'the feedback was delivered to {t} on {date}', '已于 {date} 向 {t} 送达反馈'),
  rule(
    INS,
    "{t} has not been reported on; violations are referred on the report's findings (000 §25)",
    '{t} 尚未报告检查结果；违法线索依据报告的发现移送（000 §25）',
  ),
  rule(INS, 'the report on {t} found no problems; there is nothing to refer (000 §25, 002 §31)', '对 {t} 的报告未发现问题，无需移送（000 §25，002 §31）'),
  rule(INS, '{t} was already referred to {to}', '{t} 已移送至 {to}'),
  rule(
    INS,
    '{t} was found {why} on {date}: not inspected, counted as completed; the record is closed (002 §30)',
    '{t} 于 {date} 被认定为{why}：未实施检查，计为已完成；该记录已关闭（002 §30）',
  ),
  rule(
    INS,
    'the inspection of {t} was handed over to {dep}, which has not taken it over yet (002 §30)',
    '对 {t} 的检查已移交给 {dep}，对方尚未接收（002 §30）',
  ),
  rule(INS, '{t} was reported on on {date}; the record of the inspection is final', '{t} 已于 {date} 报告检查结果；检查记录已定稿'),
  rule(INS, 'the on-site inspection of {t} has not been recorded; {what} after it (002 §26)', '对 {t} 的现场检查尚未登记；{what}须在现场检查之后（002 §26）'),
  rule(
    INS,
    'inspector {id} declared a conflict of interest with {t} on {date} ({reason}); they recuse — swap or withdraw — before the on-site inspection is recorded ({refs})',
    '执法检查人员 {id} 已于 {date} 申报与 {t} 存在利害关系（{reason}）；须在登记现场检查前回避——对调或退出（{refs}）',
  ),
  rule(
    INS,
    "{deps} {has:has|have} not matched inspectors to {t} yet; a joint task's visit is recorded with every department's group (004 §2(4))",
    '{deps} 尚未为 {t} 匹配执法检查人员；联合抽查的现场检查须登记各部门的检查组（004 §2(4)）',
  ),
  rule(
    INS,
    '{ids} {is:is|are} not in any group the departments of the joint task drew for {t} (000 §18, 002 §21)',
    '{ids} 不在联合抽查各部门为 {t} 抽取的任何检查组中（000 §18，002 §21）',
  ),
  rule(
    INS,
    'no inspector of {deps} is on the record; every department of the joint task takes part in the one visit (004 §2(4))',
    '记录中没有 {deps} 的执法检查人员；联合抽查的每个部门都须参加同一次现场检查（004 §2(4)）',
  ),
  rule(INS, '{ids} {is:is|are} not in the group drawn for {t} ({group}) (000 §18, 002 §21)', '{ids} 不在为 {t} 抽取的检查组中（{group}）（000 §18，002 §21）'),

  // inspectors and experts (执法检查人员名录库、专家库)
  rule(PPL, 'a conflict of interest with target {t} is already declared', '已申报与检查对象 {t} 存在利害关系'),
  rule(PPL, 'no conflict of interest with target {t} is declared', '未申报与检查对象 {t} 存在利害关系'),
  rule(PPL, "expert {id}'s details are already these", '专家 {id} 的信息已是这些内容'),
  rule(PPL, 'expert {id} left the pool on {date}', '专家 {id} 已于 {date} 退出专家库'),
  rule(PPL, 'an expert needs at least one field of expertise', '专家至少须有一个专业领域'),
  rule(PPL, 'inspector {id} already belongs to {dep}', '执法检查人员 {id} 已属于 {dep}'),
  rule(PPL, 'inspector {id} already holds post {post} ({cat})', '执法检查人员 {id} 已担任岗位 {post}（{cat}）'),
  rule(PPL, 'an amendment states its reason', '变更须说明理由'),
  rule(PPL, 'a qualification certificate is listed twice', '资格证书被重复列出'),
  rule(PPL, "the amendment changes none of inspector {id}'s specialties and qualifications", '该变更没有改变执法检查人员 {id} 的任何专长或资格'),
  rule(PPL, 'inspector {id} already holds certificate {n} with this validity', '执法检查人员 {id} 已持有该有效期的执法证 {n}'),
  rule(PPL, 'certificate {n} is valid until {date}', '执法证 {n} 有效期至 {date}'),
  rule(PPL, 'inspector {id} left the registry on {date}', '执法检查人员 {id} 已于 {date} 退出名录库'),
  rule(PPL, 'inspector {id} holds no enforcement certificate', '执法检查人员 {id} 未持有执法证'),
  rule(PPL, 'certificate {n} was revoked on {date}', '执法证 {n} 已于 {date} 吊销'),
  rule(PPL, 'certificate {n} was recorded as expired on {date}', '执法证 {n} 已于 {date} 登记为过期'),
  rule(PPL, "the certificate's validity ends ({end}) before it starts ({start})", '执法证有效期的截止日（{end}）早于起始日（{start}）'),

  // integrity (日志树头)
  rule(LOG, 'a head of size {n} is already recorded; the log never shrinks', '已登记大小为 {n} 的树头；日志只增不减'),
  rule(LOG, 'treeSize must be a positive whole number: an empty log has nothing to sign', 'treeSize 必须是正整数：空日志无可签名'),

  // matching (随机匹配执法检查人员)
  rule(MAT, 'target {t} has {n} eligible {what}; at least {size} are needed', '检查对象 {t} 只有 {n} 名符合条件的{~what}；至少需要 {size} 名'),
  rule(MAT, 'inspectors', '执法检查人员'),
  rule(MAT, 'experts', '专家'),
  rule(MAT, 'no eligible inspector remains in the pool of target {t} to replace from', '检查对象 {t} 的备选库中已没有可替换的符合条件的执法检查人员'),
  rule(MAT, 'the matching of task {task} for {dep} is already frozen', '抽查任务 {task} 在 {dep} 的执法检查人员匹配已冻结'),
  rule(MAT, 'no matching has been frozen for this task and department', '该抽查任务和部门尚未冻结执法检查人员匹配'),
  rule(
    MAT,
    'the matching of task {task} for {dep} is already drawn: entropy is taken only between the freeze and the draw',
    '抽查任务 {task} 在 {dep} 的执法检查人员匹配已抽取：随机值只能在冻结之后、抽取之前录入',
  ),
  rule(MAT, 'the inspectors of task {task} for {dep} are already matched', '抽查任务 {task} 在 {dep} 的执法检查人员已匹配'),
  rule(MAT, 'the inspectors of task {task} for {dep} are not matched yet', '抽查任务 {task} 在 {dep} 的执法检查人员尚未匹配'),
  rule(
    MAT,
    'at least one witness contribution must be revealed after the freeze before matching (004 §2(3))',
    '匹配前，冻结后须至少公开一个见证人随机值（004 §2(3)）',
  ),
  rule(MAT, 'a recusal needs its reason (000 §18)', '回避须说明理由（000 §18）'),
  rule(MAT, 'a swap exchanges two different targets', '对调须在两个不同的检查对象之间进行'),
  rule(
    MAT,
    'replacing a drawn inspector for {cause} needs the approval of a unit-head of {dep} (002 §23); a {role} of {unit} cannot approve it',
    '因 {cause} 替换已抽取的执法检查人员须经 {dep} 的科室负责人批准（002 §23）；{unit} 的 {role} 不能批准',
  ),
  rule(MAT, 'a replacement needs its reason (002 §23)', '替换须说明理由（002 §23）'),
  rule(
    MAT,
    'the list of task {task} is not locked yet: inspectors are matched to the locked list (002 §19–21)',
    '抽查任务 {task} 的名单尚未锁定：执法检查人员按锁定的名单匹配（002 §19–21）',
  ),
  rule(MAT, 'department {dep} neither executes nor joins task {task}', '部门 {dep} 既不实施也不参加抽查任务 {task}'),
  rule(MAT, 'task {task} has several executing departments and has not been dispatched to {dep} yet', '抽查任务 {task} 有多个实施部门，尚未分派给 {dep}'),
  rule(MAT, 'no locked target of task {task} is executed by {dep}', '抽查任务 {task} 锁定的检查对象中没有由 {dep} 实施的'),
  rule(MAT, "the task's items {items} are not in the published checklist", '抽查任务的事项 {items} 不在已公布的抽查事项清单中'),
  rule(MAT, 'say why neighbouring areas are matched jointly', '请说明跨相邻地区联合匹配的理由'),
  rule(MAT, '{dep} is not its own neighbour', '{dep} 不能是自己的相邻地区'),
  rule(MAT, 'departments {deps} are not registered', '部门 {deps} 未登记'),
  rule(
    MAT,
    '{dep} has at least {n} eligible inspectors for every target: neighbouring areas are matched only when the unit is short',
    '{dep} 对每个检查对象都有至少 {n} 名符合条件的执法检查人员：只有人员不足时才跨相邻地区匹配',
  ),
  rule(
    MAT,
    'target {t} has {n} eligible inspector(s); a group needs at least {size} (002 §21): include subordinate units or name neighbouring areas. {rest:.*}',
    (c) =>
      `检查对象 ${c.t} 只有 ${c.n} 名符合条件的执法检查人员；检查组至少需要 ${c.size} 名（002 §21）：请纳入下级单位或指定相邻地区。${excludedPeopleZh(c.rest)}`,
  ),
  rule(MAT, "target {t} is not on {dep}'s list of task {task}", '检查对象 {t} 不在抽查任务 {task} 中 {dep} 的名单上'),
  rule(MAT, 'target {t} has two appointed experts', '检查对象 {t} 被指定了两名专家'),
  rule(MAT, 'an expert appointed directly needs the reason (DOMAIN.md: 直接指定)', '直接指定专家须说明理由（DOMAIN.md：直接指定）'),
  rule(MAT, 'expert {id} has declared an interest in target {t} (000 §18)', '专家 {id} 已申报与检查对象 {t} 存在利害关系（000 §18）'),
  rule(MAT, "{why}: name the experts' field, or appoint an expert for every target", '{why}：请指定专家的专业领域，或为每个检查对象指定专家'),
  rule(
    MAT,
    'no expert in {field} is eligible for target {t}: appoint one directly with the reason',
    '{field} 领域没有符合检查对象 {t} 条件的专家：请直接指定并说明理由',
  ),
  rule(MAT, "target {t} is not on this matching's list", '检查对象 {t} 不在本次匹配的名单上'),
  rule(MAT, 'inspector {id} is not in the group of target {t}', '执法检查人员 {id} 不在检查对象 {t} 的检查组中'),
  rule(MAT, 'inspector {id} is already in the group of target {t}', '执法检查人员 {id} 已在检查对象 {t} 的检查组中'),
  rule(MAT, 'inspector {id} has left the group of target {t} and cannot return to it', '执法检查人员 {id} 已离开检查对象 {t} 的检查组，不能再回到该组'),
  rule(
    MAT,
    'inspector {id} is not eligible for target {t}: an interest is declared or they were not in its pool (000 §18)',
    '执法检查人员 {id} 不符合检查对象 {t} 的条件：已申报利害关系或不在其备选库中（000 §18）',
  ),
  rule(
    MAT,
    '{t} was inspected on site on {date}; its group can no longer change — a recusal or replacement comes before the visit (000 §18, 002 §23)',
    '{t} 已于 {date} 进行现场检查，其检查组不能再变更——回避或替换须在现场检查之前（000 §18，002 §23）',
  ),

  // organisation (部门与科室)
  rule(ORG, 'unit {unit} already exists in {dep}', '科室 {unit} 已存在于 {dep}'),
  rule(ORG, 'a province has no superior department', '省级部门没有上级部门'),
  rule(ORG, 'a {level} department needs its superior department', '{level} 级部门须有上级部门'),
  rule(ORG, 'the superior of a {level} department must be a {expected}, not a {actual}', '{level} 级部门的上级必须是 {expected} 级，而不是 {actual} 级'),

  // plans (年度抽查工作计划)
  rule(PLAN, 'plan {plan} is already filed; adjust it instead', '抽查计划 {plan} 已备案，请改为调整'),
  rule(PLAN, 'the plan is not filed', '该抽查计划尚未备案'),
  rule(PLAN, 'version {v} of plan {plan} is already published', '抽查计划 {plan} 第 {v} 版已公布'),
  rule(PLAN, 'an adjustment needs its reason', '调整须说明理由'),
  rule(PLAN, 'the adjustment changes nothing in version {v}', '该调整没有改变第 {v} 版的任何内容'),
  rule(PLAN, '{dep} is a province and has no superior to file the plan with', '{dep} 是省级部门，没有可备案的上级部门'),
  rule(PLAN, 'version {v} of plan {plan} is already filed with the superior', '抽查计划 {plan} 第 {v} 版已报上级部门备案'),
  rule(PLAN, 'checklist version {v} of the department is not published', '本部门第 {v} 版抽查事项清单尚未公布'),
  rule(PLAN, 'item {item} is covered twice', '抽查事项 {item} 被重复覆盖'),
  rule(
    PLAN,
    'item {item} cites checklist version {a}, but the plan is based on version {b}',
    '抽查事项 {item} 引用的是第 {a} 版抽查事项清单，而抽查计划依据的是第 {b} 版',
  ),
  rule(PLAN, 'item {item} is not on checklist version {v}', '抽查事项 {item} 不在第 {v} 版抽查事项清单中'),
  rule(PLAN, 'the plan must cover every item of checklist version {v}; missing: {missing}', '抽查计划须覆盖第 {v} 版抽查事项清单的全部事项；缺少：{missing}'),
  rule(PLAN, 'the ratio of {label} must be a percentage above 0 and at most 100', '{label} 的抽查比例必须是大于 0、不超过 100 的百分比'),
  rule(PLAN, '{label} gives a credit-risk grade two ratios', '{label} 对同一信用风险等级给出了两个比例'),
  rule(PLAN, 'the risk ratios of {label} must be percentages from 0 to 100', '{label} 的风险比例必须是 0 至 100 的百分比'),
  rule(
    PLAN,
    '{label} draws grade {g} ({r}%) less than the lower-risk grade {bg} ({br}%)',
    '{label} 对 {g} 级的抽查比例（{r}%）低于风险更低的 {bg} 级（{br}%）',
  ),
  rule(PLAN, 'the trustworthy ratio of {label} must be at least 0 and below its ratio of {r}%', '{label} 的守信主体抽查比例必须不小于 0 且低于其抽查比例 {r}%'),
  rule(PLAN, '{label} is a general item capped at {cap}%; the ratio {r}% is above it', '{label} 是一般检查事项，抽查比例上限为 {cap}%；比例 {r}% 超过上限'),
  rule(
    PLAN,
    '{label} is a general item capped at {cap}%; the ratio {r}% for grade {g} is above it',
    '{label} 是一般检查事项，抽查比例上限为 {cap}%；{g} 级的比例 {r}% 超过上限',
  ),
  rule(PLAN, 'item {item} needs at least one time window', '抽查事项 {item} 至少须有一个时间窗口'),
  rule(PLAN, 'window {from}–{to} of item {item} ends before it starts', '抽查事项 {item} 的时间窗口 {from}–{to} 结束早于开始'),
  rule(PLAN, 'window {from}–{to} of item {item} lies outside the plan year {year}', '抽查事项 {item} 的时间窗口 {from}–{to} 不在计划年度 {year} 内'),
  rule(PLAN, 'the draw split cannot be negative', '抽取分配不得为负数'),
  rule(PLAN, 'a split by count needs whole numbers', '按数量分配须为整数'),
  rule(PLAN, 'the split percentages add up to {n}, not 100', '分配百分比合计为 {n}，而不是 100'),
  rule(PLAN, 'the split assigns no draws', '该分配没有分配任何抽取'),

  // publication (公示、异议、年度总结)
  rule(
    PUB,
    '{what} is signed by the head of {dep}; a {role} of {unit} cannot sign it (000 §26)',
    '{what}须由 {dep} 负责人签署；{unit} 的 {role} 不能签署（000 §26）',
  ),
  rule(
    PUB,
    'the {year} summary of {dep} was published on {date}; it is corrected beside the original, never republished (000 §26)',
    '{dep} 的 {year} 年度总结已于 {date} 公示；只能在原件旁更正，不得重新公示（000 §26）',
  ),
  rule(PUB, 'the {year} summary covers the whole year; it is published from {date} (000 §26)', '{year} 年度总结涵盖全年，自 {date} 起公示（000 §26）'),
  rule(PUB, 'the summary has not been published; there is nothing to correct', '年度总结尚未公示，无可更正'),
  rule(PUB, 'the records add up to the figures already published; there is nothing to correct', '记录合计与已公示的数字一致，无可更正'),
  rule(PUB, 'objection {n} has not been reviewed; the review is fed back once made (002 §29)', '异议 {n} 尚未审查；审查作出后再反馈（002 §29）'),
  rule(PUB, 'the review of objection {n} was fed back on {date}', '异议 {n} 的审查结果已于 {date} 反馈'),
  rule(
    PUB,
    "the result was published on {date} and may not be changed; an error is corrected with the principal head's signature (002 §29)",
    '该结果已于 {date} 公示，不得修改；错误须经主要负责人签署后更正（002 §29）',
  ),
  rule(PUB, 'the result was exempted from publication on {date}', '该结果已于 {date} 决定不予公示'),
  rule(PUB, '{why}; there is no result to publish', '{~why}；没有可公示的结果'),
  rule(
    PUB,
    'task {task} has not completed; results are published after the task completes (002 §28.4)',
    '抽查任务 {task} 尚未完成；结果在任务完成后公示（002 §28.4）',
  ),
  rule(
    PUB,
    'item {item} has no final result: it awaits a test result; a result is published whole',
    '抽查事项 {item} 尚无最终结果：正在等待检验结果；结果须完整公示',
  ),
  rule(PUB, 'item {item} has no final result; a result is published whole', '抽查事项 {item} 尚无最终结果；结果须完整公示'),
  rule(PUB, 'the inspection was never opened; there is no department to publish for', '该检查从未启动，没有可代为公示的部门'),
  rule(PUB, 'an exemption from publication states its reason', '不予公示须说明理由'),
  rule(PUB, 'an exemption from publication cites the law that exempts the result', '不予公示须引用相应的法律依据'),
  rule(
    PUB,
    'the result was exempted from publication on {date}; only a published result is {what} (002 §29)',
    '该结果已于 {date} 决定不予公示；只有已公示的结果才能{what}（002 §29）',
  ),
  rule(PUB, 'the result has not been published; only a published result is {what} (002 §29)', '该结果尚未公示；只有已公示的结果才能{what}（002 §29）'),
  rule(
    PUB,
    'a correction of a published result needs the signature of the principal head of {dep}; a {role} of {unit} may not sign it (002 §29)',
    '更正已公示的结果须经 {dep} 主要负责人签署；{unit} 的 {role} 不能签署（002 §29）',
  ),
  rule(PUB, 'a correction changes at least one item result, the conclusion or the handling', '更正须至少改变一个事项结果、结论或处理意见'),
  rule(PUB, 'item {item} is not part of the published result', '抽查事项 {item} 不属于已公示的结果'),
  rule(PUB, 'the corrected {field} may not be empty', '更正后的 {field} 不得为空'),
  rule(PUB, 'the correction leaves the published result unchanged', '该更正未改变已公示的结果'),
  rule(PUB, 'an objection states its grounds', '异议须说明理由'),
  rule(PUB, 'an objection names who raised it', '异议须写明提出人'),
  rule(PUB, 'there is no objection {n} to this result', '该结果没有编号为 {n} 的异议'),
  rule(
    PUB,
    'objection {n} was reviewed on {date} ({how:upheld|rejected})',
    (c) => `异议 ${c.n} 已于 ${c.date} 审查（${c.how === 'upheld' ? '异议成立' : '异议不成立'}）`,
  ),
  rule(PUB, 'a review gives its reasoning', '审查须说明理由'),
  rule(PUB, 'a rejected objection corrects nothing; leave out the correction', '异议不成立时不作更正，请删除 correction'),
  rule(PUB, 'an upheld objection means the result was wrong: give the correction (002 §29)', '异议成立说明结果有误：请给出更正（002 §29）'),
  rule(
    PUB,
    'the result has not been fed back to the target; it may comment on its inspectors once it has the feedback (000 §24)',
    '结果尚未反馈给检查对象；收到反馈后检查对象才可评价执法检查人员（000 §24）',
  ),
  rule(PUB, 'the comment is empty', '评价内容为空'),
  rule(PUB, '{id} did not inspect this target', '{id} 未检查该检查对象'),

  // targets and registries (检查对象名录库)
  rule(TGT, 'sub-registry {id} belongs to {dep}, which does not oversee {owner}', '子名录库 {id} 属于 {dep}，该部门不监管 {owner}'),
  rule(TGT, 'indicator {name} lists a value twice', '分类指标 {name} 重复列出了某个取值'),
  rule(TGT, 'indicator {name} needs at least two values to classify by', '分类指标 {name} 至少须有两个取值才能分类'),
  rule(TGT, 'a build standard needs at least one classification indicator', '建库标准至少须有一个分类指标'),
  rule(TGT, 'target {t} is already registered (owned by {dep})', '检查对象 {t} 已登记（由 {dep} 管理）'),
  rule(TGT, 'target {t} is maintained by {a}, not {b} (谁管辖、谁维护)', '检查对象 {t} 由 {a} 维护，而不是 {b}（谁管辖、谁维护）'),
  rule(TGT, 'target {t} is already enrolled in {sub}', '检查对象 {t} 已纳入 {sub}'),
  rule(TGT, 'the source of the fact is required', '必须写明信息来源'),
  rule(TGT, 'target {t} is already on the abnormal-operation list', '检查对象 {t} 已列入经营异常名录'),
  rule(TGT, 'target {t} is not on the abnormal-operation list', '检查对象 {t} 未列入经营异常名录'),
  rule(TGT, 'target {t} is already on the serious-violation list', '检查对象 {t} 已列入严重违法失信名单'),
  rule(TGT, 'target {t} is not on the serious-violation list', '检查对象 {t} 未列入严重违法失信名单'),
  rule(TGT, 'penalty decision {n} is already recorded for {t}', '{t} 的行政处罚决定 {n} 已登记'),
  rule(TGT, 'target {t} is already marked trustworthy', '检查对象 {t} 已标记为守信'),
  rule(
    TGT,
    'target {t} is on the {list:abnormal-operation|serious-violation} list and cannot be marked trustworthy',
    (c) => `检查对象 ${c.t} 已列入${c.list === 'abnormal-operation' ? '经营异常名录' : '严重违法失信名单'}，不能标记为守信`,
  ),
  rule(TGT, 'target {t} is not marked trustworthy', '检查对象 {t} 未标记为守信'),
  rule(TGT, 'target {t} is already maintained by {dep}', '检查对象 {t} 已由 {dep} 维护'),
  rule(TGT, 'target {t} is deregistered; nothing more is recorded on it (002 §30)', '检查对象 {t} 已注销，不再登记任何信息（002 §30）'),
  rule(
    TGT,
    'target {t} is revoked; only deregistration, credit grading, penalties, serious-violation listing and list removals are still recorded',
    '检查对象 {t} 已被吊销；仅可继续登记注销、信用分级、行政处罚、列入严重违法失信名单及移出名录',
  ),
  rule(TGT, "'{date}' is not a date in the form YYYY-MM-DD", '“{date}”不是 YYYY-MM-DD 格式的日期'),
  rule(TGT, '{name} is not a classification indicator of this sub-registry', '{name} 不是该子名录库的分类指标'),
  rule(TGT, 'a value for {name} is required', '必须给出 {name} 的取值'),
  rule(TGT, "'{value}' is not one of {list}", '“{value}”不是以下之一：{list}'),

  // tasks (抽查任务)
  rule(TASK, 'the task is not set up', '该抽查任务尚未设立'),
  rule(
    TASK,
    'the list of task {task} was locked on {date} from draw {draw}; it cannot change',
    '抽查任务 {task} 的名单已于 {date} 根据抽取 {draw} 锁定，不能再变更',
  ),
  rule(
    TASK,
    'the implementation plan (实施方案) of task {task} is not filed with the superior department; it is filed before the task starts (004 §4(5))',
    '抽查任务 {task} 的实施方案尚未报上级部门备案；须在任务开始前备案（004 §4(5)）',
  ),
  rule(
    TASK,
    'version {v} of plan {plan} is not published; a plan is executed only once published (004 §4(4))',
    '抽查计划 {plan} 第 {v} 版尚未公布；计划公布后方可执行（004 §4(4)）',
  ),
  rule(TASK, "the task's year {a} is not the year {b} of plan {plan}", '抽查任务的年度 {a} 与抽查计划 {plan} 的年度 {b} 不符'),
  rule(TASK, 'a task needs a title', '抽查任务须有标题'),
  rule(TASK, 'name the business unit that executes the task: one of {units}', '请指定实施该任务的业务科室，须为以下之一：{units}'),
  rule(TASK, '{unit} is not a business unit of {dep}', '{unit} 不是 {dep} 的业务科室'),
  rule(TASK, 'the implementation plan of task {task} was filed with {to} on {date}', '抽查任务 {task} 的实施方案已于 {date} 报 {to} 备案'),
  rule(
    TASK,
    'the implementation plan needs its summary: ratio or count, people, method, dates, handling of results',
    '实施方案须有摘要：抽查比例或数量、人员、方式、时间、结果处理',
  ),
  rule(TASK, 'the implementation plan is filed with {sup}, the superior department of {dep}', '实施方案须报 {dep} 的上级部门 {sup} 备案'),
  rule(TASK, 'name the body the implementation plan is filed with', '请写明实施方案的备案机关'),
  rule(TASK, 'a task names at least one checklist item of the plan', '抽查任务至少须指定抽查计划中的一个抽查事项'),
  rule(TASK, 'the checklist version plan {plan} is based on is not published', '抽查计划 {plan} 所依据的抽查事项清单版本尚未公布'),
  rule(TASK, 'item {item} is not an item of version {v} of plan {plan}', '抽查事项 {item} 不是抽查计划 {plan} 第 {v} 版的事项'),
  rule(TASK, 'the window {from}–{to} ends before it starts', '时间窗口 {from}–{to} 结束早于开始'),
  rule(TASK, 'the window {from}–{to} has ended by {date}, when the task is set up', '时间窗口 {from}–{to} 在任务设立之日 {date} 已结束'),
  rule(
    TASK,
    "the window {from}–{to} lies outside the plan's timing for item {item} ({windows})",
    '时间窗口 {from}–{to} 超出抽查计划对抽查事项 {item} 的时间安排（{windows}）',
  ),
  rule(TASK, 'a task draws at least one class of targets', '抽查任务至少须抽取一类检查对象'),
  rule(TASK, 'class {c} needs a label', '类别 {c} 须有名称'),
  rule(TASK, 'class {c} must give exactly one of ratio and count', '类别 {c} 须在比例和数量中给出且只给出一项'),
  rule(TASK, 'the ratio of class {c} must be a percentage above 0 and at most 100', '类别 {c} 的抽查比例必须是大于 0、不超过 100 的百分比'),
  rule(TASK, 'class {c} draws {r}%, above the cap of {cap}% of general item {item}', '类别 {c} 抽查 {r}%，超过一般检查事项 {item} 的比例上限 {cap}%'),
  rule(
    TASK,
    'class {c} draws {r}%, above the ratio of {cap}% the plan sets for general item {item} (002 §14, §18)',
    '类别 {c} 抽查 {r}%，超过抽查计划为一般检查事项 {item} 确定的抽查比例 {cap}%（002 §14、§18）',
  ),
  rule(
    TASK,
    'class {c} draws grade {g} at {r}%, above the ratio of {cap}% the plan sets for grade {g2} of general item {item} (002 §14, §15)',
    '类别 {c} 对 {g} 级抽查 {r}%，超过抽查计划为一般检查事项 {item} 的 {g2} 级确定的抽查比例 {cap}%（002 §14、§15）',
  ),
  rule(TASK, 'the count of class {c} must be a whole number of at least 1', '类别 {c} 的抽查数量必须是不小于 1 的整数'),
  rule(
    TASK,
    'the ratio for targets with many complaints in class {c} must be above its ratio of {r}% and at most 100% (002 §15)',
    '类别 {c} 对投诉举报多的检查对象的抽查比例必须高于其抽查比例 {r}%，且不超过 100%（002 §15）',
  ),
  rule(
    TASK,
    'the ratio for targets with many complaints in class {c} must be a percentage above 0 and at most 100 (002 §15)',
    '类别 {c} 对投诉举报多的检查对象的抽查比例必须是大于 0、不超过 100 的百分比（002 §15）',
  ),
  rule(
    TASK,
    'class {c} is directional but filters on nothing; give no filter for a non-directional draw',
    '类别 {c} 为定向抽查却没有任何筛选条件；非定向抽查请不要给出筛选条件',
  ),
  rule(TASK, '{g} is not a credit-risk grade (A–D)', '{g} 不是信用风险等级（A–D）'),
  rule(TASK, 'class {c} gives grade {g} two ratios', '类别 {c} 对 {g} 级给出了两个比例'),
  rule(TASK, 'the ratio for grade {g} must be a percentage from 0 to 100', '{g} 级的比例必须是 0 至 100 的百分比'),
  rule(
    TASK,
    'class {c} draws grade {g} at {r}%, above the cap of {cap}% of general item {item}',
    '类别 {c} 对 {g} 级抽查 {r}%，超过一般检查事项 {item} 的比例上限 {cap}%',
  ),
  rule(
    TASK,
    'class {c} draws grade {g} ({r}%) less than the lower-risk grade {bg} ({br}%)',
    '类别 {c} 对 {g} 级的抽查比例（{r}%）低于风险更低的 {bg} 级（{br}%）',
  ),
  rule(TASK, 'a task is executed by at least one department', '抽查任务至少须有一个实施部门'),
  rule(
    TASK,
    '{owner} may delegate its task only to departments below it, and {id} is not one (000 §17)',
    '{owner} 只能将任务委托给下级部门，而 {id} 不是其下级（000 §17）',
  ),
  rule(TASK, '{id} owns the task; a joint department is another department', '{id} 是任务的发起部门；联合抽查部门须是其他部门'),
  rule(
    TASK,
    'joint department {id} is a {level} department, not a {owner} one like {dep}',
    '联合抽查部门 {id} 是 {level} 级部门，而不是与 {dep} 同为 {owner} 级',
  ),
  rule(
    TASK,
    'joint department {id} serves area {a}, not {b} like {dep}: a joint task joins departments of one government (004 §2(4))',
    '联合抽查部门 {id} 的辖区为 {a}，而不是与 {dep} 相同的 {b}：联合抽查只在同级政府的部门之间进行（004 §2(4)）',
  ),
  rule(TASK, 'draw {draw} was drawn for task {a}, not for {b}', '抽取 {draw} 属于抽查任务 {a}，而不是 {b}'),
  rule(TASK, 'draw {draw} was voided; its list cannot be locked', '抽取 {draw} 已作废，其名单不能锁定'),
  rule(TASK, 'draw {draw} is {status}, not confirmed; only a confirmed list is locked', '抽取 {draw} 的状态为 {status}，尚未确认；只有已确认的名单才能锁定'),
  rule(TASK, 'the list of task {task} is not locked; nothing has been dispatched to inspect', '抽查任务 {task} 的名单尚未锁定，尚未分派任何检查'),
  rule(TASK, 'task {task} was completed on {date}', '抽查任务 {task} 已于 {date} 完成'),
  rule(
    TASK,
    'task {task} cannot complete: the inspection of {ts} has not been reported, found unreachable or handed over (002 §28.4, §30)',
    '抽查任务 {task} 不能完成：对 {ts} 的检查尚未报告、认定无法检查或移交（002 §28.4、§30）',
  ),
  rule(
    TASK,
    'task {task} has not completed; its targets not inspected are reported once it has (002 §30)',
    '抽查任务 {task} 尚未完成；未检查的检查对象在任务完成后报告（002 §30）',
  ),
  rule(TASK, 'the list of targets not inspected in task {task} was reported on {date}', '抽查任务 {task} 的未检查对象名单已于 {date} 报告'),
  rule(
    TASK,
    'every target of task {task} was inspected or handed over; there is no list to report',
    '抽查任务 {task} 的所有检查对象均已检查或移交，无名单可报告',
  ),
  rule(TASK, '{dep} has no city bureau above it to report to (002 §30)', '{dep} 没有可报告的上级市级部门（002 §30）'),
  rule(TASK, 'the inspection record of {t} does not say why it was not inspected', '{t} 的检查记录未说明未检查的原因'),
  rule(TASK, '{dep} is not invited to task {task} (joint departments: {list})', '{dep} 未受邀参加抽查任务 {task}（联合抽查部门：{list}）'),
  rule(TASK, '{dep} accepted task {task} on {date}', '{dep} 已于 {date} 接受抽查任务 {task}'),
  rule(
    TASK,
    'the list of task {task} was locked on {date}; a joint department accepts before the draw (004 §2(4))',
    '抽查任务 {task} 的名单已于 {date} 锁定；联合抽查部门须在抽取前接受（004 §2(4)）',
  ),
  rule(TASK, 'name at least one item of your own checklist the targets are inspected for', '请至少指定本部门抽查事项清单中的一个检查事项'),
  rule(
    TASK,
    '{dep} has published no checklist; a joint department inspects under its own (004 §4(3))',
    '{dep} 尚未公布抽查事项清单；联合抽查部门按本部门的清单检查（004 §4(3)）',
  ),
  rule(TASK, "item {item} is not on version {v} of {dep}'s checklist", '抽查事项 {item} 不在 {dep} 第 {v} 版抽查事项清单中'),
  rule(TASK, 'item {item} is already an item of the task', '抽查事项 {item} 已是该任务的事项'),
];

/** A draw's state as the draw decider names it, in words; another word is kept as it is. */
function drawState(status: string): string {
  const words: Record<string, string> = { none: '尚未冻结', frozen: '已冻结', drawn: '已抽出', confirmed: '已确认', voided: '已作废' };
  return words[status] ?? ` ${status}`;
}
