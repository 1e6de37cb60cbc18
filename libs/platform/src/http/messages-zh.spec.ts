import { dedupeFieldProblems, localiseProblem, toProblem, RequestValidationException } from './problem-details';
import { isMessageCovered, negotiateLanguage, toChinese, translateMessage } from './messages-zh';

describe('the Chinese message catalogue', () => {
  it.each([
    // class-validator messages of the DTOs
    ['reason must be text', 'reason 必须是文本'],
    ['name must be 1–50 characters', 'name 必须为 1–50 个字符'],
    ['departmentId must be 2–64 lowercase letters, digits or hyphens', 'departmentId 必须为 2–64 个小写字母、数字或连字符'],
    ['days must be a whole number of working days', 'days 必须是整数（单位：个工作日）'],
    ['ratio must be at most 100 percent', 'ratio 不得超过 100%'],
    ['scale must be one of micro, small, medium, large', 'scale 必须是以下之一：micro, small, medium, large'],
    ['each holiday must be a date written YYYY-MM-DD', '每个节假日 必须是 YYYY-MM-DD 格式的日期'],
    ['each entry of items must be an object', 'items 的每一项 必须是对象'],
    ['itemIds may name at most 500 items', 'itemIds 最多 500个事项'],
    ['foo is not a known field', 'foo 不是可接受的字段，请删除'],
    ['is not a known field', '不是可接受的字段，请删除'],
    ['must be a whole version number', '必须是整数版本号'],
    // the platform's fixed messages
    ['a bearer token is required', '需要持有者令牌（Bearer token）'],
    ['invalid token: jwt expired', '令牌无效：令牌已过期'],
    ['the record changed while the command was decided; try again', '处理命令期间该记录已被修改，请重试'],
    ['a store is unavailable; try again later', '存储暂不可用，请稍后重试'],
    ['too many searches: at most 30 in 60 s; try again in 1 minute', '查询次数过多：60 秒内最多 30 次；请在 1 分钟后重试'],
    ['role inspector may not call POST /tasks; allowed: unit-head', '角色 inspector 无权调用 POST /tasks；允许的角色：unit-head'],
    ['Unsupported Media Type: text/plain', '不支持的媒体类型：text/plain'],
    // domain refusals, ids and regulation references kept
    ['target t-1 is not registered', '检查对象 t-1 未登记'],
    ['inspector p-1 is not registered (000 §12)', '执法检查人员 p-1 未登记（000 §12）'],
    ['a recusal needs its reason (000 §18)', '回避须说明理由（000 §18）'],
    [
      'the list of task task-1 is not locked yet: inspectors are matched to the locked list (002 §19–21)',
      '抽查任务 task-1 的名单尚未锁定：执法检查人员按锁定的名单匹配（002 §19–21）',
    ],
    ['publishedOn 2025-01-01 is before the task completed (2025-02-01)', 'publishedOn 2025-01-01 早于抽查任务完成之日（2025-02-01）'],
    ['an objection states its grounds', '异议须说明理由'],
    ['objection 2 was reviewed on 2025-03-01 (upheld)', '异议 2 已于 2025-03-01 审查（异议成立）'],
    ['target t-1 is on the serious-violation list and cannot be marked trustworthy', '检查对象 t-1 已列入严重违法失信名单，不能标记为守信'],
    ['target t-1 has 1 eligible inspectors; at least 2 are needed', '检查对象 t-1 只有 1 名符合条件的执法检查人员；至少需要 2 名'],
    [
      'the plan draws for item hn-zj-01 1 time in 2026 (抽查频次, 002 §14) and task ll-2026-food already drew for it; adjust the plan to draw more often',
      '抽查计划对检查事项 hn-zj-01 在 2026 年的抽查频次为 1 次（002 §14），抽查任务 ll-2026-food 已对其抽取；如需增加抽查次数，请调整抽查计划',
    ],
    [
      'the plan draws for item i-2 2 times in 2026 (抽查频次, 002 §14) and tasks t1, t2 already drew for it; adjust the plan to draw more often',
      '抽查计划对检查事项 i-2 在 2026 年的抽查频次为 2 次（002 §14），抽查任务 t1, t2 已对其抽取；如需增加抽查次数，请调整抽查计划',
    ],
    // 000 §10, §18: the matching refusal lists every inspector left out, with the reason, in Chinese too
    [
      'target t-1 has 1 eligible inspector(s); a group needs at least 2 (002 §21): include subordinate units or name neighbouring areas. ' +
        'Excluded: i-2 (lacks-qualification: does not meet 特种设备检验员证 on 2026-03-01); i-3 (certificate-expired: enforcement certificate C-i-3 expired after 2025-12-31); ' +
        'i-4 (conflict-of-interest: declared 2026-01-20: 配偶为该企业股东; 另有往来)',
      '检查对象 t-1 只有 1 名符合条件的执法检查人员；检查组至少需要 2 名（002 §21）：请纳入下级单位或指定相邻地区。' +
        '已排除：i-2（不具备检查事项要求的资格：2026-03-01 不具备 特种设备检验员证）；i-3（执法证已过期：执法证 C-i-3 有效期至 2025-12-31，已过期）；' +
        'i-4（与检查对象存在利害关系（回避）：2026-01-20 申报：配偶为该企业股东; 另有往来）',
    ],
    [
      'the exclusions of pool food/trustworthy recomputed from the log do not match what the freeze published; see GET /draws/t-1-d1/verification',
      '按日志重新计算的名单池 food/trustworthy 排除对象与冻结时公布的不一致；请查看 GET /draws/t-1-d1/verification',
    ],
    [
      'target t-1 has 0 eligible inspector(s); a group needs at least 2 (002 §21): include subordinate units or name neighbouring areas. No inspector was excluded: the unit has too few',
      '检查对象 t-1 只有 0 名符合条件的执法检查人员；检查组至少需要 2 名（002 §21）：请纳入下级单位或指定相邻地区。没有执法检查人员被排除：本单位人员不足。',
    ],
  ])('%s → %s', (english, chinese) => {
    expect(toChinese(english)).toBe(chinese);
    expect(isMessageCovered(english)).toBe(true);
  });

  it('falls back to the English text, never an empty one, and reports it as not covered', () => {
    expect(toChinese('the moon is made of cheese')).toBe('the moon is made of cheese');
    expect(isMessageCovered('the moon is made of cheese')).toBe(false);
    expect(translateMessage('the moon is made of cheese', 'zh')).toBe('the moon is made of cheese');
    // a known shape around an unknown fragment is translated but not counted as covered
    expect(isMessageCovered('invalid token: the moon is made of cheese')).toBe(false);
    expect(translateMessage('target t-1 is not registered', 'en')).toBe('target t-1 is not registered');
  });
});

describe('Accept-Language', () => {
  it.each([
    [undefined, 'zh'],
    ['', 'zh'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en;q=0.5, zh;q=0.9', 'zh'],
    ['zh;q=0.3, en-GB;q=0.7', 'en'],
    ['fr', 'zh'],
    ['fr, en;q=0.1', 'en'],
    ['*', 'zh'],
    ['en;q=0', 'zh'],
  ])('%p → %s', (header, language) => {
    expect(negotiateLanguage(header)).toBe(language);
  });
});

describe('problem details in Chinese', () => {
  it('translates title, detail and each reason, and lists each field and reason once', () => {
    const body = toProblem(
      new RequestValidationException([
        { field: 'reason', reason: 'reason must be text' },
        { field: 'reason', reason: 'reason must be text' },
        { field: 'year', reason: 'year must be a whole number' },
      ]),
    );
    expect(body.errors).toHaveLength(2);
    expect(localiseProblem(body, 'zh')).toEqual({
      type: 'about:blank',
      title: '请求无效',
      status: 400,
      detail: '请求无效：请按 errors 中列出的字段逐项修改',
      errors: [
        { field: 'reason', reason: 'reason 必须是文本' },
        { field: 'year', reason: 'year 必须是整数' },
      ],
    });
    expect(localiseProblem(body, 'en')).toBe(body);
  });

  it('dedupes field problems keeping the first order', () => {
    expect(
      dedupeFieldProblems([
        { field: 'a', reason: 'x' },
        { field: 'b', reason: 'x' },
        { field: 'a', reason: 'x' },
      ]),
    ).toEqual([
      { field: 'a', reason: 'x' },
      { field: 'b', reason: 'x' },
    ]);
  });
});
