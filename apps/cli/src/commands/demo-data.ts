/**
 * The fake but plausible people and businesses of the demo county (零陵区, 永州市, 湖南省): target
 * rows as staff keep them in their spreadsheets, inspectors and experts. Everything comes from a
 * seeded generator, so one seed always yields the same county — which is what lets a second run
 * of the demo replay its commands instead of inventing new facts.
 */
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { withCreditCodeCheckCharacter } from '@app/domain';

/** A small seeded generator (mulberry32 over a SHA-256 of the seed): the same seed, the same county. */
export class Rng {
  private state: number;

  constructor(seed: string) {
    this.state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let at = this.next() * total;
    for (const [value, weight] of choices) {
      at -= weight;
      if (at < 0) return value;
    }
    return choices[choices.length - 1][0];
  }
}

const SURNAMES =
  '王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'.split(
    '',
  );
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建红志鹏飞斌宇浩凯婷雪琳晨欣怡子涵俊杰思远晓东海燕春梅德福国庆立新湘永红'.split('');
/** 字号: trade names of the kind a county's businesses carry. */
const TRADE_NAMES =
  '湘江 潇水 萍岛 柳子 愚溪 朝阳 南津 富家桥 石岩头 邮亭圩 黄田铺 菱角塘 接履桥 珠山 大庆坪 水口山 芝山 七里店 徐家井 梳子铺 永盛 鑫源 恒达 华信 宏发 瑞丰 金穗 天成 正和 福满 兴旺 佳美 利民 顺达 长青 宏源 泰和 嘉禾 康宁 汇丰 德润 祥云 春晖 千秋 盛世 和美 新星 远航 众诚 益众'.split(
    ' ',
  );
const STREETS = [
  '朝阳街道',
  '南津渡街道',
  '七里店街道',
  '徐家井街道',
  '水口山镇',
  '珠山镇',
  '黄田铺镇',
  '富家桥镇',
  '邮亭圩镇',
  '石岩头镇',
  '菱角塘镇',
  '接履桥镇',
];
const ROADS = ['潇湘大道', '芝山路', '柳子街', '南津路', '零陵中路', '萍州路', '愚溪路', '永州大道', '零陵南路', '河西路'];

/** GB/T 4754 codes with the words a business of that line puts in its name. */
const INDUSTRIES: readonly { code: string; words: readonly string[]; individual: readonly string[] }[] = [
  { code: 'C1391', words: ['食品', '淀粉制品'], individual: ['米粉坊'] },
  { code: 'C1469', words: ['调味品', '食品'], individual: ['酱菜坊'] },
  { code: 'C1524', words: ['茶业'], individual: ['茶庄'] },
  { code: 'C2231', words: ['纸业', '包装'], individual: ['纸品店'] },
  { code: 'C2929', words: ['塑料制品'], individual: ['塑料加工厂'] },
  { code: 'C3311', words: ['钢结构'], individual: ['五金加工部'] },
  { code: 'C3411', words: ['锅炉', '压力容器'], individual: ['机电维修部'] },
  { code: 'C3441', words: ['起重机械', '电梯'], individual: ['机械维修部'] },
  { code: 'C4090', words: ['仪器仪表'], individual: ['衡器经营部'] },
  { code: 'F5211', words: ['商贸', '超市'], individual: ['便利店', '副食店', '超市'] },
  { code: 'F5124', words: ['农产品'], individual: ['粮油店'] },
  { code: 'H6210', words: ['餐饮管理'], individual: ['餐馆', '米粉店', '小吃店'] },
  { code: 'H6110', words: ['酒店管理'], individual: ['旅社'] },
  { code: 'G5430', words: ['物流'], individual: ['货运部'] },
  { code: 'E4813', words: ['建设工程'], individual: ['建材店'] },
  { code: 'O8010', words: ['家政服务'], individual: ['理发店', '洗衣店'] },
];
const COOPERATIVE_PRODUCE = ['柑橘', '香芋', '蔬菜', '生猪', '水稻', '茶叶', '油茶', '蜂业'];

export const COUNTY_AREA = '431102';
export const NEIGHBOUR_AREA = '431121';
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export type DemoTargetRow = Record<'统一社会信用代码' | '名称' | '主体类型' | '规模' | '行业' | '行政区划' | '地址' | '法定代表人', string>;

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.next() < 0.6 ? rng.pick(GIVEN) : '');
}

/**
 * A credit code unique to the n-th target of an area: the 9-character organisation code is n in
 * base 31 behind a seeded offset and multiplier coprime to 31⁶, so codes never collide and look
 * scattered rather than counted.
 */
function creditCode(n: number, areaCode: string, kind: string, salt: number): string {
  const space = 31 ** 6;
  let rest = (((n * 7919) % space) + salt) % space;
  let body = '';
  for (let i = 0; i < 6; i++, rest = Math.floor(rest / 31)) body = ALPHABET[rest % 31] + body;
  return withCreditCodeCheckCharacter(`${kind}${areaCode}MA4${body}`);
}

/** `count` target rows of one county's registry, as its spreadsheet would hold them. */
export function targetRows(seed: string, count: number, areaCode: string, countyName: string): DemoTargetRow[] {
  const rng = new Rng(`${seed}:targets:${areaCode}`);
  const salt = rng.int(31 ** 6);
  const names = new Set<string>();
  return Array.from({ length: count }, (_, n) => {
    const type = rng.weighted([
      ['企业', 52],
      ['个体工商户', 42],
      ['农民专业合作社', 5],
      ['外资企业', 1],
    ] as const);
    const industry = rng.pick(INDUSTRIES);
    let name = '';
    for (let attempt = 0; !name || names.has(name); attempt++) {
      const trade = rng.pick(TRADE_NAMES) + (attempt > 2 ? rng.pick(TRADE_NAMES).slice(0, 1) : '');
      if (type === '个体工商户') name = `${countyName}${trade}${rng.pick(industry.individual)}`;
      else if (type === '农民专业合作社') name = `${countyName}${trade}${rng.pick(COOPERATIVE_PRODUCE)}专业合作社`;
      else if (type === '外资企业') name = `永州${trade}${rng.pick(industry.words)}有限公司（外商独资）`;
      else name = `${rng.next() < 0.5 ? '永州市' : ''}${countyName}${trade}${rng.pick(industry.words)}${rng.next() < 0.85 ? '有限公司' : '有限责任公司'}`;
      if (attempt > 6) name = `${name.replace(/（外商独资）$/, '')}${n}`;
    }
    names.add(name);
    const scale =
      type === '个体工商户'
        ? '微型'
        : rng.weighted([
            ['大型', 1],
            ['中型', 6],
            ['小型', 40],
            ['微型', 53],
          ] as const);
    return {
      统一社会信用代码: creditCode(n, areaCode, type === '个体工商户' ? '92' : type === '农民专业合作社' ? '93' : '91', salt),
      名称: name,
      主体类型: type,
      规模: scale,
      行业: type === '农民专业合作社' ? 'A0141' : industry.code,
      行政区划: areaCode,
      地址: `永州市${countyName}${rng.pick(STREETS)}${rng.pick(ROADS)}${1 + rng.int(388)}号`,
      法定代表人: personName(rng),
    };
  });
}

/**
 * The inspectors of 零陵区农业农村局, the agriculture bureau that joins the demo's joint task (004
 * §2(4)): `count` officers of its 农业综合行政执法大队, every one holding a valid certificate and the
 * 行政执法证 its checklist items require (a joint inspection needs inspectors of both departments).
 */
export function agriInspectors(seed: string, count: number, year: number): DemoInspector[] {
  const rng = new Rng(`${seed}:inspectors:lingling-agri`);
  return Array.from({ length: count }, (_, i) => {
    const joined = 2010 + rng.int(year - 2012);
    return {
      inspectorId: `lla-insp-${String(i + 1).padStart(2, '0')}`,
      departmentId: 'lingling-agri',
      name: personName(rng),
      gender: rng.next() < 0.7 ? 'male' : 'female',
      certificate: { number: `4311${String(60000 + i * 41 + joined).padStart(7, '0')}`, validFrom: `${year - 1}-01-01`, validUntil: `${year + 4}-12-31` },
      post: '农业综合行政执法大队队员',
      postCategory: '行政执法',
      specialties: [rng.pick(['农药', '种子', '肥料', '兽药饲料'])],
      qualifications: [{ name: '行政执法证', number: `ZF-LLA-${String(i + 1).padStart(3, '0')}` }],
      qualificationClass: rng.weighted([
        ['A', 2],
        ['B', 3],
      ] as const),
      joinedOn: `${joined}-0${1 + rng.int(9)}-1${rng.int(9)}`,
    };
  });
}

/** The rows as an XLSX workbook, the credit codes stored as text as staff are told to. */
export async function targetsWorkbook(rows: readonly DemoTargetRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('检查对象名录');
  const headers = Object.keys(rows[0] ?? {}) as (keyof DemoTargetRow)[];
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(headers.map((h) => row[h]));
  sheet.getColumn(1).numFmt = '@';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface DemoInspector {
  inspectorId: string;
  departmentId: string;
  name: string;
  gender: 'male' | 'female';
  certificate: { number: string; validFrom: string; validUntil: string };
  post: string;
  postCategory: string;
  specialties: string[];
  qualifications: { name: string; number: string }[];
  qualificationClass: string;
  joinedOn: string;
}

/**
 * `count` inspectors of a department. Every one holds the 行政执法证 the 附件2 items require; about
 * a third also hold 特种设备安全监察员证, some 计量监督员 or 资质认定评审员; the last `expired` have
 * certificates that lapsed in an earlier year, so the matching excludes them.
 */
export function inspectors(seed: string, departmentId: string, prefix: string, count: number, expired: number, year: number): DemoInspector[] {
  const rng = new Rng(`${seed}:inspectors:${departmentId}`);
  return Array.from({ length: count }, (_, i) => {
    const lapsed = i >= count - expired;
    const extra: { name: string; number: string }[] = [];
    if (i % 3 === 0) extra.push({ name: '特种设备安全监察员证', number: `TSJC-${prefix.toUpperCase()}-${String(i + 1).padStart(3, '0')}` });
    if (i % 7 === 1) extra.push({ name: '计量监督员', number: `JLJD-${prefix.toUpperCase()}-${String(i + 1).padStart(3, '0')}` });
    if (i % 9 === 2) extra.push({ name: '资质认定评审员', number: `ZDPS-${prefix.toUpperCase()}-${String(i + 1).padStart(3, '0')}` });
    const joined = 2008 + rng.int(year - 2010);
    return {
      inspectorId: `${prefix}-insp-${String(i + 1).padStart(2, '0')}`,
      departmentId,
      name: personName(rng),
      gender: rng.next() < 0.62 ? 'male' : 'female',
      certificate: lapsed
        ? { number: `4311${String(20000 + i * 37 + joined).padStart(7, '0')}`, validFrom: `${year - 7}-01-01`, validUntil: `${year - 2}-12-31` }
        : { number: `4311${String(30000 + i * 37 + joined).padStart(7, '0')}`, validFrom: `${year - 2}-01-01`, validUntil: `${year + 3}-12-31` },
      post: rng.pick(['市场监管所执法员', '综合执法大队队员', '质量监督股科员', '特种设备安全监察股科员', '食品生产监管股科员']),
      postCategory: rng.weighted([
        ['行政执法', 8],
        ['技术支撑', 2],
      ] as const),
      specialties: [rng.pick(['产品质量', '食品安全', '特种设备', '计量', '认证认可', '标准化'])],
      qualifications: [{ name: '行政执法证', number: `ZF-${prefix.toUpperCase()}-${String(i + 1).padStart(3, '0')}` }, ...extra],
      qualificationClass: rng.weighted([
        ['A', 3],
        ['B', 5],
        ['C', 2],
      ] as const),
      joinedOn: `${joined}-0${1 + rng.int(9)}-1${rng.int(9)}`,
    };
  });
}

export const EXPERTS = [
  {
    expertId: 'll-expert-01',
    name: '邓建国',
    fields: ['产品质量检验'],
    organisation: '永州市产商品质量监督检验所',
    organisationKind: 'testing-body',
    title: '高级工程师',
  },
  {
    expertId: 'll-expert-02',
    name: '蒋丽华',
    fields: ['产品质量检验', '食品检验'],
    organisation: '湖南省产商品质量检验研究院',
    organisationKind: 'testing-body',
    title: '正高级工程师',
  },
  {
    expertId: 'll-expert-03',
    name: '唐志强',
    fields: ['特种设备检验'],
    organisation: '湖南省特种设备检验检测研究院永州分院',
    organisationKind: 'testing-body',
    title: '高级工程师',
  },
  { expertId: 'll-expert-04', name: '周晓燕', fields: ['食品检验'], organisation: '湖南科技学院', organisationKind: 'university', title: '副教授' },
  {
    expertId: 'll-expert-05',
    name: '胡德明',
    fields: ['计量检定'],
    organisation: '永州市计量测试检定所',
    organisationKind: 'research-institute',
    title: '工程师',
  },
] as const;
