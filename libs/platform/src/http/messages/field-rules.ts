/**
 * Request validation messages: `<field> <what it must be>` (the DTOs' class-validator messages, the
 * input limits, the path and header checks). The field name stays as the API spells it; the
 * predicate is translated. A reason given without its field (`must be a whole version number`)
 * is the predicate alone.
 */
import { MessageRule, regexRule } from './catalogue';

/** Words naming the characters an id or code may hold. */
const CHARACTERS: Record<string, string> = {
  letters: '字母',
  'lowercase letters': '小写字母',
  'lower-case letters': '小写字母',
  digits: '数字',
  hyphens: '连字符',
  dots: '点',
  colons: '冒号',
  underscores: '下划线',
  spaces: '空格',
  '.': '.',
  _: '_',
  ':': ':',
  '-': '-',
  '+': '+',
};

/** "letters, digits, dots or hyphens" → 字母、数字、点或连字符; null for an unknown word. */
function characters(list: string): string | null {
  const words = list.split(/, | or | and /);
  const out: string[] = [];
  for (const word of words) {
    const zh = CHARACTERS[word.trim()];
    if (zh === undefined) return null;
    out.push(zh);
  }
  return out.length > 1 ? `${out.slice(0, -1).join('、')}或${out[out.length - 1]}` : out[0];
}

/** Units of a "whole number of …" and "at most N …". */
const UNITS: Record<string, string> = {
  'working days': '个工作日',
  targets: '家检查对象',
  'draws per year': '次/年',
  seconds: '秒',
  milliseconds: '毫秒',
  bytes: '字节',
  characters: '个字符',
  entries: '项',
  files: '个文件',
  classes: '类',
  items: '个事项',
  inspectors: '名执法检查人员',
  departments: '个部门',
  systems: '个系统',
  values: '个值',
  dates: '个日期',
  requirements: '项要求',
  requests: '次请求',
  uploads: '次上传',
  events: '个事件',
  rows: '行',
  levels: '层',
};

const unit = (english: string | undefined): string | null => (english === undefined ? '' : (UNITS[english] ?? null));

/** Subjects other than a bare field name: "each holiday", "each entry of items", "each of departmentIds". */
const EACH: Record<string, string> = {
  specialty: '每项专长',
  source: '每个来源',
  'inspector id': '每个执法检查人员 id',
  'area code': '每个行政区划代码',
  holiday: '每个节假日',
  'make-up working day': '每个调休工作日',
  industry: '每个行业',
  'item id': '每个抽查事项 id',
  field: '每个专业领域',
  qualification: '每项资格',
  requirement: '每项要求',
  reason: '每条理由',
  value: '每个值',
  'subject type': '每个主体类型',
  method: '每种检查方式',
  scale: '每种规模',
  'credit grade': '每个信用等级',
  'joint department id': '每个联合抽查部门 id',
  'executing department id': '每个实施部门 id',
};

function subject(english: string): string | null {
  if (/^[A-Za-z_][\w.\-]*$/.test(english)) return english;
  let m = /^each entry of (\S+)$/.exec(english) ?? /^each of (\S+)$/.exec(english);
  if (m) return `${m[1]} 的每一项`;
  m = /^each (.+)$/.exec(english);
  if (m && EACH[m[1]]) return EACH[m[1]];
  m = /^the token's (subject|unit)$/.exec(english);
  if (m) return m[1] === 'subject' ? '令牌的主体（subject）' : '令牌的单位（unit）';
  return null;
}

type Predicate = [RegExp, string | ((m: RegExpExecArray) => string | null)];

const PREDICATES: Predicate[] = [
  [/^is not a known field$/, '不是可接受的字段，请删除'],
  [/^must be (?:a )?text$/, '必须是文本'],
  [/^must be (\d+)–(\d+) characters$/, '必须为 $1–$2 个字符'],
  [/^must be at most (\d+) characters$/, '不得超过 $1 个字符'],
  [/^must be at least (\d+) characters$/, '不得少于 $1 个字符'],
  [/^must hold at least (\d+) characters to search by$/, '至少需要 $1 个字才能查询'],
  [/^must be (\d+)–(\d+) (.+)$/, (m) => (characters(m[3]) ? `必须为 ${m[1]}–${m[2]} 个${characters(m[3])}` : null)],
  [/^must be (\d+)–(\d+) characters of (.+)$/, (m) => (characters(m[3]) ? `必须为 ${m[1]}–${m[2]} 个字符，只能包含${characters(m[3])}` : null)],
  [/^must be (\d+) (?:lowercase )?hex(?:adecimal)? digits$/, '必须是 $1 位（小写）十六进制数字'],
  [/^must be (\d+) letters and digits$/, '必须是 $1 位字母和数字'],
  [/^must be a whole number$/, '必须是整数'],
  [/^must be a whole year$/, '必须是整数年份'],
  [/^must be a year, e\.g\. (\d+)$/, '必须是年份，例如 $1'],
  [/^must be a year between (\d+) and (\d+), got (.+)$/, '必须是 $1 至 $2 之间的年份，收到的是 $3'],
  [/^must be a whole version number$/, '必须是整数版本号'],
  [/^must be a whole number of (.+)$/, (m) => (unit(m[1]) ? `必须是整数（单位：${unit(m[1])}）` : null)],
  [/^must be a whole number from (-?\d+) to (-?\d+)$/, '必须是 $1 至 $2 之间的整数'],
  [/^must be a whole number between (-?\d+) and (-?\d+)$/, '必须是 $1 至 $2 之间的整数'],
  [/^must be a positive whole number: an empty log has nothing to sign$/, '必须是正整数：空日志无可签名'],
  [/^must be (\d+) or later$/, '不得早于 $1'],
  [/^must be (\d+) or earlier$/, '不得晚于 $1'],
  [/^must be (\d+) or more$/, '不得小于 $1'],
  [
    /^must be at least (-?[\d.]+)(?: (.+?))?$/,
    (m) => (m[2] === 'percent' ? `不得小于 ${m[1]}%` : unit(m[2]) !== null ? `不得小于 ${m[1]}${unit(m[2])}` : null),
  ],
  [/^must be at least (-?[\d.]+) \((.+)\)$/, '不得小于 $1（$2）'],
  [/^must be at most (-?[\d.]+)(?: (.+?))?$/, (m) => (m[2] === 'percent' ? `不得超过 ${m[1]}%` : unit(m[2]) !== null ? `不得超过 ${m[1]}${unit(m[2])}` : null)],
  [/^must be at most (-?[\d.]+) \((.+)\)$/, '不得超过 $1（$2）'],
  [/^must be above 0 percent$/, '必须大于 0%'],
  [/^must be at least once a year$/, '每年至少一次'],
  [/^must be a number of percent$/, '必须是百分比数值'],
  [/^must be a percentage above 0 and at most 100$/, '必须是大于 0、不超过 100 的百分比'],
  [/^must be a number$/, '必须是数字'],
  [/^(?:cannot|must not) be negative$/, '不得为负数'],
  [/^must be a list$/, '必须是列表'],
  [/^must be a list of dates$/, '必须是日期列表'],
  [/^must be an object$/, '必须是对象'],
  [/^must be an object of indicator name to value$/, '必须是“分类指标名称 → 取值”的对象'],
  [/^(?:may|must) (?:hold|list|name) at most (\d+) (.+)$/, (m) => (unit(m[2]) !== null ? `最多 ${m[1]}${unit(m[2])}` : null)],
  [/^names at most (\d+) (.+)$/, (m) => (unit(m[2]) !== null ? `最多 ${m[1]}${unit(m[2])}` : null)],
  [/^must hold at most (\d+) entries$/, '最多 $1 项'],
  [/^may give one ratio per grade$/, '每个等级只能给一个比例'],
  [/^names each grade at most once$/, '每个等级只能出现一次'],
  [/^must be true or false$/, '必须是 true 或 false'],
  [/^must be one of (?:the following values: )?(.+?)( for a credit-grade change)?$/, (m) => `必须是以下之一：${m[1]}${m[2] ? '（用于信用等级变更）' : ''}`],
  [/^must be ([\w-]+) or ([\w-]+)$/, '必须是 $1 或 $2'],
  [/^must be a date(?: written| in the form)? YYYY-MM-DD$/, '必须是 YYYY-MM-DD 格式的日期'],
  [/^must be an ISO-8601 date or instant$/, '必须是 ISO-8601 日期或时刻'],
  [/^must be an ISO-8601 instant$/, '必须是 ISO-8601 时刻'],
  [/^must be an ISO-8601 UTC instant with milliseconds$/, '必须是带毫秒的 ISO-8601 UTC 时刻'],
  [/^must be <departmentId>-<code>$/, '必须写作 <departmentId>-<code>'],
  [/^must be a six-digit administrative division code$/, '必须是六位行政区划代码'],
  [/^must be a 64-byte Ed25519 signature in base64$/, '必须是 base64 编码的 64 字节 Ed25519 签名'],
  [/^must be a SHA-256 of the file: 64 hexadecimal digits$/, '必须是文件的 SHA-256 值：64 位十六进制数字'],
  [/^must be an event type name$/, '必须是事件类型名称'],
  [/^must be an event id \(a UUID\)$/, '必须是事件 id（UUID）'],
  [/^must be an e-mail address$/, '必须是电子邮件地址'],
  [/^must be a GB\/T 4754 code or prefix such as C or C13$/, '必须是 GB/T 4754 国民经济行业分类代码或其前缀，如 C 或 C13'],
  [/^must be a media type such as application\/pdf$/, '必须是媒体类型，如 application/pdf'],
  [/^must be a checklist item id$/, '必须是抽查事项清单中的事项 id'],
  [/^must name at least one (.+)$/, (m) => (NAMED[m[1]] ? `至少须指定一个${NAMED[m[1]]}` : null)],
  [/^names at least one (item|inspector)(?: when given)?$/, (m) => `给出时至少须指定一个${NAMED[m[1]]}`],
  [/^must hold at least one (.+)$/, (m) => (NAMED[m[1]] ? `至少须包含一个${NAMED[m[1]]}` : null)],
  [/^must say why the schedule is corrected$/, '必须说明更正节假日安排的理由'],
  [/^must name the notice$/, '必须写明所依据的通知'],
  [/^must say what is required and why$/, '必须说明要求做什么以及理由'],
  [/^must not be empty$/, '不得为空'],
  [/^is required: the size of a published tree head$/, '为必填项：已发布树头的大小'],
  [/^is required: a \.csv or \.xlsx file$/, '为必填项：一个 .csv 或 .xlsx 文件'],
  [/^is larger than the upload limit of (\d+) bytes$/, '超过上传上限 $1 字节'],
  [/^must not nest objects or lists more than (\d+) levels deep$/, '对象或列表的嵌套不得超过 $1 层'],
  [/^must be (?:the )?(?:an )?http\(s\) URL.*$/, '必须是 http(s) 地址'],
  [
    /^was already used for another request \(another body, route, record or caller\); send a new key for a new request$/,
    '已用于另一请求（请求体、路由、记录或调用者不同）；新的请求请使用新的幂等键',
  ],
  [/^must be ((?:lower-case |lowercase )?letters, .+)$/, (m) => (characters(m[1]) ? `只能包含${characters(m[1])}` : null)],
  [/^must be application\/json: send the body as JSON, not (.+)$/, '必须是 application/json：请以 JSON 发送请求体，而不是 $1'],
  [/^must be application\/json: send the body as JSON$/, '必须是 application/json：请以 JSON 发送请求体'],
  [/^must be 8–128 characters of letters, digits, \., _, : or -$/, '必须为 8–128 个字符，只能包含字母、数字、.、_、: 或 -'],
];

const NAMED: Record<string, string> = {
  'checklist item': '抽查事项',
  item: '抽查事项',
  inspector: '执法检查人员',
  'inspection method': '检查方式',
  department: '部门',
  'field of expertise': '专业领域',
  'time window': '时间窗口',
  'class of targets': '检查对象类别',
  target: '检查对象',
};

/** The Chinese of a predicate ("must be text"), or null. */
export function predicateZh(english: string): string | null {
  for (const [pattern, zh] of PREDICATES) {
    const m = pattern.exec(english);
    if (!m) continue;
    const out = typeof zh === 'string' ? english.replace(pattern, zh) : zh(m);
    if (out !== null) return out;
  }
  return null;
}

export const FIELD_RULES: MessageRule[] = [
  // a reason given without its field
  regexRule('field', /^((?:must|may|cannot|names|is required|is not a known field|is larger|was already used) .*|is not a known field)$/, (c) =>
    predicateZh(c['1']),
  ),
  // `<field> <predicate>`, with a note after a semicolon for the swap fields
  regexRule(
    'field',
    /^(.+?) ((?:must|may|cannot|names|is required:?|is larger|was already used) .*?)(?:; a swap names the (target|inspector) to exchange with)?$/,
    (c) => {
      const who = subject(c['1']);
      const what = predicateZh(c['2']);
      if (who === null || what === null) return null;
      const swap = c['3'] ? `；对调时须指明要交换的${c['3'] === 'target' ? '检查对象' : '执法检查人员'}` : '';
      return `${who} ${what}${swap}`;
    },
  ),
  regexRule('field', /^(\S+) is not a known field$/, (c) => `${c['1']} 不是可接受的字段，请删除`),
];

/** class-validator's own messages, for a constraint a DTO gives no message of its own. */
const DEFAULTS: [RegExp, string][] = [
  [/^(\S+) must be longer than or equal to (\d+) characters$/, '$1 不得少于 $2 个字符'],
  [/^(\S+) must be shorter than or equal to (\d+) characters$/, '$1 不得超过 $2 个字符'],
  [/^(\S+) must be a string$/, '$1 必须是文本'],
  [/^(\S+) should not be empty$/, '$1 不得为空'],
  [/^(\S+) should not be null or undefined$/, '$1 为必填项'],
  [/^(\S+) must be an integer number$/, '$1 必须是整数'],
  [/^(\S+) must be a number conforming to the specified constraints$/, '$1 必须是数字'],
  [/^(\S+) must not be less than (-?[\d.]+)$/, '$1 不得小于 $2'],
  [/^(\S+) must not be greater than (-?[\d.]+)$/, '$1 不得大于 $2'],
  [/^(\S+) must be a boolean value$/, '$1 必须是 true 或 false'],
  [/^(\S+) must be an array$/, '$1 必须是列表'],
  [/^(\S+) must be one of the following values: (.+)$/, '$1 必须是以下之一：$2'],
  [/^(\S+) must be a valid enum value$/, '$1 不是可接受的取值'],
  [/^(\S+) must be a valid ISO 8601 date string$/, '$1 必须是 ISO-8601 日期'],
  [/^(\S+) must match (.+) regular expression$/, '$1 的格式不符合要求（$2）'],
  [/^(\S+) must contain at least (\d+) elements$/, '$1 至少须有 $2 项'],
  [/^(\S+) must contain no more than (\d+) elements$/, '$1 最多 $2 项'],
  [/^(\S+) must be an object$/, '$1 必须是对象'],
  [/^nested property (\S+) must be either object or array$/, '嵌套属性 $1 必须是对象或列表'],
];

FIELD_RULES.push(...DEFAULTS.map(([pattern, zh]) => regexRule('field', pattern, (c) => zh.replace(/\$(\d)/g, (_all, i: string) => c[i]))));
