/**
 * What the target registry holds about one target, and the rules a record must meet before it
 * enters the registry — one place for both the single registration and the bulk import
 * (000 §13–14, 002 §10, 003 §2(1)). Pure: the import parses files elsewhere and hands the cell
 * texts here.
 */
import { creditCodeProblem } from './credit-code';

/**
 * 主体类型 — the comprehensive registry's market subjects (企业, 个体工商户, 农民专业合作社,
 * 外资企业) and the kinds of object the specialised sub-registries hold (产品, 价格检查单位,
 * 计量机构, 餐饮服务单位, 特种设备使用单位); DOMAIN.md, Target registry.
 */
export const SUBJECT_TYPES = [
  'enterprise',
  'individual-business',
  'farmer-cooperative',
  'foreign-enterprise',
  'product',
  'price-check-unit',
  'metrology-institution',
  'catering-unit',
  'special-equipment-user',
] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** The Chinese names staff write in their files, for each subject type. */
export const SUBJECT_TYPE_LABELS: Readonly<Record<SubjectType, readonly string[]>> = {
  enterprise: ['企业'],
  'individual-business': ['个体工商户', '个体户'],
  'farmer-cooperative': ['农民专业合作社', '合作社'],
  'foreign-enterprise': ['外资企业', '外商投资企业'],
  product: ['产品'],
  'price-check-unit': ['价格检查单位', '价格监督检查单位'],
  'metrology-institution': ['计量机构', '计量技术机构'],
  'catering-unit': ['餐饮服务单位', '餐饮单位'],
  'special-equipment-user': ['特种设备使用单位'],
};

/**
 * Market subjects that are issued a unified social credit code on registration; the other kinds
 * (products, sub-registry objects) may have none and are then keyed by a registry id.
 */
export const SUBJECT_TYPES_WITH_CREDIT_CODE: readonly SubjectType[] = ['enterprise', 'individual-business', 'farmer-cooperative', 'foreign-enterprise'];

/** 企业规模 — business scale, one of the attributes of a directional draw (DOMAIN.md, The double draw). */
export const SCALES = ['large', 'medium', 'small', 'micro'] as const;
export type Scale = (typeof SCALES)[number];
export const SCALE_LABELS: Readonly<Record<Scale, readonly string[]>> = {
  large: ['大型'],
  medium: ['中型'],
  small: ['小型'],
  micro: ['微型'],
};

/**
 * GB/T 4754-2017 国民经济行业分类: a section letter, optionally followed by the two-digit division
 * and up to two more digits (group, class), e.g. 'C', 'C13', 'C139', 'C1391'. The divisions
 * each section spans let a mistyped code be caught without the whole table.
 */
const INDUSTRY_SECTIONS: Readonly<Record<string, readonly [number, number]>> = {
  A: [1, 5],
  B: [6, 12],
  C: [13, 43],
  D: [44, 46],
  E: [47, 50],
  F: [51, 52],
  G: [53, 60],
  H: [61, 62],
  I: [63, 65],
  J: [66, 69],
  K: [70, 70],
  L: [71, 72],
  M: [73, 75],
  N: [76, 79],
  O: [80, 82],
  P: [83, 83],
  Q: [84, 85],
  R: [86, 90],
  S: [91, 97],
  T: [98, 98],
};

export function industryProblem(code: string): string | null {
  const match = /^([A-T])(\d{2}(\d{1,2})?)?$/.exec(code);
  if (!match) return `'${code}' is not a national economic industry code (GB/T 4754): a section letter A–T, optionally with 2–4 digits, e.g. C13 or C1391`;
  if (match[2]) {
    const [low, high] = INDUSTRY_SECTIONS[match[1]];
    const division = Number(match[2].slice(0, 2));
    if (division < low || division > high) {
      return `division ${match[2].slice(0, 2)} does not belong to section ${match[1]} (divisions ${String(low).padStart(2, '0')}–${String(high).padStart(2, '0')})`;
    }
  }
  return null;
}

/** The prefixes an industry code belongs to, broadest first: 'C1391' → C, C13, C139, C1391. */
export function industryPrefixes(code: string): string[] {
  return [1, 3, 4, 5].filter((n) => n <= code.length).map((n) => code.slice(0, n));
}

/** Province-level prefixes of GB/T 2260 行政区划代码. */
const PROVINCE_PREFIXES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

export function areaCodeProblem(code: string): string | null {
  if (!/^\d{6}$/.test(code)) return `'${code}' is not a six-digit administrative division code (行政区划代码)`;
  if (!PROVINCE_PREFIXES.has(code.slice(0, 2))) return `'${code}' does not start with a province code (GB/T 2260)`;
  return null;
}

export const REGISTRY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;

/** The registry's record of one target (without its owner and status, which change by their own events). */
export interface TargetDetails {
  readonly name: string;
  /** 统一社会信用代码; null for objects that have none (products, some sub-registry objects). */
  readonly creditCode: string | null;
  /** The registry's own id, required when there is no credit code. */
  readonly registryId: string | null;
  readonly subjectType: SubjectType;
  readonly scale: Scale | null;
  /** GB/T 4754 industry code. */
  readonly industry: string | null;
  /** 行政区划代码 of where the target is. */
  readonly areaCode: string;
  readonly address: string | null;
  /** 法定代表人 / 负责人 / 经营者 — personal data for an individual business; never public (000 §13). */
  readonly representative: string | null;
}

export const TARGET_DETAIL_FIELDS = ['name', 'creditCode', 'registryId', 'subjectType', 'scale', 'industry', 'areaCode', 'address', 'representative'] as const;
export type TargetDetailField = (typeof TARGET_DETAIL_FIELDS)[number];

/** A record as it arrives: texts from a file's cells or a request body, blank meaning absent. */
export type RawTargetRecord = Partial<Record<TargetDetailField, string | null>>;

export interface RecordProblem {
  readonly field: TargetDetailField;
  readonly reason: string;
}

export type RecordCheck = { readonly ok: true; readonly details: TargetDetails } | { readonly ok: false; readonly problems: readonly RecordProblem[] };

/** The stable id of a target: its credit code where it has one, else its registry id. */
export const targetIdOf = (details: Pick<TargetDetails, 'creditCode' | 'registryId'>): string => (details.creditCode ?? details.registryId) as string;

const MAX_TEXT = 200;

/** Checks every field and returns every problem at once, so a file's report is complete. */
export function checkTargetRecord(raw: RawTargetRecord): RecordCheck {
  const problems: RecordProblem[] = [];
  const text = (field: TargetDetailField): string | null => {
    const value = raw[field]?.trim() ?? '';
    if (value === '') return null;
    if (value.length > MAX_TEXT) {
      problems.push({ field, reason: `must be at most ${MAX_TEXT} characters` });
      return null;
    }
    return value;
  };
  const name = text('name');
  if (name === null && !problems.some((p) => p.field === 'name')) problems.push({ field: 'name', reason: 'is required' });

  const subjectType = enumeration('subjectType', text('subjectType'), SUBJECT_TYPES, SUBJECT_TYPE_LABELS, problems);
  if (subjectType === null && !problems.some((p) => p.field === 'subjectType')) problems.push({ field: 'subjectType', reason: 'is required' });
  const scale = enumeration('scale', text('scale'), SCALES, SCALE_LABELS, problems);

  const creditCode = text('creditCode')?.toUpperCase() ?? null;
  if (creditCode !== null) {
    const problem = creditCodeProblem(creditCode);
    if (problem) problems.push({ field: 'creditCode', reason: problem });
  } else if (subjectType && SUBJECT_TYPES_WITH_CREDIT_CODE.includes(subjectType)) {
    problems.push({ field: 'creditCode', reason: `is required for a ${subjectType}` });
  }
  const registryId = text('registryId');
  if (registryId !== null && !REGISTRY_ID.test(registryId)) {
    problems.push({ field: 'registryId', reason: 'must be 2–64 letters, digits, dots, underscores or hyphens, starting with a letter or digit' });
  }
  if (creditCode === null && registryId === null && !problems.some((p) => p.field === 'creditCode')) {
    problems.push({ field: 'registryId', reason: 'is required when there is no unified social credit code' });
  }

  const industry = text('industry')?.toUpperCase() ?? null;
  if (industry !== null) {
    const problem = industryProblem(industry);
    if (problem) problems.push({ field: 'industry', reason: problem });
  }
  const areaCode = text('areaCode');
  if (areaCode === null) {
    if (!problems.some((p) => p.field === 'areaCode')) problems.push({ field: 'areaCode', reason: 'is required' });
  } else {
    const problem = areaCodeProblem(areaCode);
    if (problem) problems.push({ field: 'areaCode', reason: problem });
  }
  const address = text('address');
  const representative = text('representative');

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    details: {
      name: name as string,
      creditCode,
      registryId,
      subjectType: subjectType as SubjectType,
      scale,
      industry,
      areaCode: areaCode as string,
      address,
      representative,
    },
  };
}

/** Accepts the English code or any of its Chinese names. */
function enumeration<T extends string>(
  field: TargetDetailField,
  value: string | null,
  codes: readonly T[],
  labels: Readonly<Record<T, readonly string[]>>,
  problems: RecordProblem[],
): T | null {
  if (value === null) return null;
  const code = codes.find((c) => c === value.toLowerCase() || labels[c].includes(value));
  if (code) return code;
  const allowed = codes.map((c) => `${c} (${labels[c][0]})`).join(', ');
  problems.push({ field, reason: `'${value}' is not one of ${allowed}` });
  return null;
}

/** The fields whose values differ, old and new side by side. */
export function detailChanges(current: TargetDetails, next: TargetDetails): { changed: Partial<TargetDetails>; previous: Partial<TargetDetails> } {
  const changed: Record<string, unknown> = {};
  const previous: Record<string, unknown> = {};
  for (const field of TARGET_DETAIL_FIELDS) {
    if (current[field] !== next[field]) {
      changed[field] = next[field];
      previous[field] = current[field];
    }
  }
  return { changed: changed as Partial<TargetDetails>, previous: previous as Partial<TargetDetails> };
}
