import { specFor } from '../shared/testing';
import { IllegalStateError, ValidationError } from '../shared/errors';
import { DefineSubRegistry } from './subregistry.commands';
import { subRegistryDecider } from './subregistry.decider';
import { SubRegistryDefined } from './subregistry.events';
import { targetImportDecider } from './target-import.decider';
import { TargetsImported } from './target.events';

const given = specFor(subRegistryDecider);
const define: DefineSubRegistry = {
  type: 'DefineSubRegistry',
  departmentId: 'yongzhou',
  code: 'catering',
  name: '餐饮服务单位名录库',
  objectType: '餐饮服务单位',
  indicators: [{ name: '经营类别', values: ['大型餐馆', '小餐饮', '集体食堂'] }],
  requirements: ['持有食品安全检查员资格'],
};
const defined: SubRegistryDefined = {
  type: 'SubRegistryDefined',
  data: {
    departmentId: 'yongzhou',
    code: 'catering',
    name: define.name,
    objectType: define.objectType,
    indicators: [...define.indicators],
    requirements: [...define.requirements],
  },
};

describe('sub-registry decider (专项名录库, 000 §13, 002 §10)', () => {
  it('defines a sub-registry with its build standard', () => {
    given([]).when(define).then([defined]);
  });

  it('refuses to define it twice', () => {
    given([defined])
      .when(define)
      .thenThrows(IllegalStateError, /already defined/, 'code');
  });

  it('refuses a standard without indicators, with a duplicate indicator, a duplicate value or a single value', () => {
    given([])
      .when({ ...define, indicators: [] })
      .thenThrows(ValidationError, /at least one/, 'indicators');
    given([])
      .when({ ...define, indicators: [...define.indicators, { name: '经营类别', values: ['a', 'b'] }] })
      .thenThrows(ValidationError, /defined twice/, 'indicators.1.name');
    given([])
      .when({ ...define, indicators: [{ name: '规模', values: ['a', 'a'] }] })
      .thenThrows(ValidationError, /twice/, 'indicators.0.values');
    given([])
      .when({ ...define, indicators: [{ name: '规模', values: ['a'] }] })
      .thenThrows(ValidationError, /at least two values/, 'indicators.0.values');
  });
});

describe('import record decider (全程留痕)', () => {
  const record = (registered: number, changed: number): TargetsImported['data'] => ({
    departmentId: 'lingling',
    fileHash: 'f'.repeat(64),
    fileName: 'targets.xlsx',
    format: 'xlsx',
    rows: 3,
    registered,
    changed,
    unchanged: 3 - registered - changed,
  });
  const imported = (data: TargetsImported['data']): TargetsImported => ({ type: 'TargetsImported', data });
  const givenImport = specFor(targetImportDecider);

  it('records the first import of a file, even when it changed nothing', () => {
    givenImport([])
      .when({ type: 'RecordTargetImport', import: record(0, 0) })
      .then([imported(record(0, 0))]);
  });

  it('records nothing when the same file is imported again and changes nothing', () => {
    givenImport([imported(record(3, 0))])
      .when({ type: 'RecordTargetImport', import: record(0, 0) })
      .then([]);
  });

  it('records a repeated import of the same file that did change targets again', () => {
    givenImport([imported(record(3, 0))])
      .when({ type: 'RecordTargetImport', import: record(0, 2) })
      .then([imported(record(0, 2))]);
  });
});
