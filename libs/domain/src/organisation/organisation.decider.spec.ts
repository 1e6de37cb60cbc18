import { specFor } from '../shared/testing';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { departmentDecider } from './organisation.decider';
import { DepartmentRegistered } from './organisation.events';

const spec = specFor(departmentDecider);

const cityRegistered: DepartmentRegistered = {
  type: 'DepartmentRegistered',
  data: { departmentId: 'yongzhou', name: '永州市市场监督管理局', level: 'city', parentId: 'hunan', areaCode: '431100' },
};

describe('department (DOMAIN.md Users: staff act for their own unit; superior rules of 000 §19, 001 §2(2)1)', () => {
  describe('when registering (province → city → county, each under the level above)', () => {
    it('registers a county under a city', () =>
      spec()
        .when({
          type: 'RegisterDepartment',
          departmentId: 'lingling',
          name: '零陵区市场监督管理局',
          level: 'county',
          parentId: 'yongzhou',
          parentLevel: 'city',
          areaCode: '431102',
        })
        .then([
          {
            type: 'DepartmentRegistered',
            data: { departmentId: 'lingling', name: '零陵区市场监督管理局', level: 'county', parentId: 'yongzhou', areaCode: '431102' },
          },
        ]));

    it('registers a province without a superior', () =>
      spec()
        .when({
          type: 'RegisterDepartment',
          departmentId: 'hunan',
          name: '湖南省市场监督管理局',
          level: 'province',
          parentId: null,
          parentLevel: null,
          areaCode: '430000',
        })
        .then([
          {
            type: 'DepartmentRegistered',
            data: { departmentId: 'hunan', name: '湖南省市场监督管理局', level: 'province', parentId: null, areaCode: '430000' },
          },
        ]));

    it('refuses a province with a superior', () =>
      spec()
        .when({ type: 'RegisterDepartment', departmentId: 'hunan', name: 'x', level: 'province', parentId: 'china', parentLevel: null, areaCode: '430000' })
        .thenThrows(ValidationError, /no superior/, 'parentId'));

    it('refuses a county without a superior', () =>
      spec()
        .when({ type: 'RegisterDepartment', departmentId: 'lingling', name: 'x', level: 'county', parentId: null, parentLevel: null, areaCode: '431102' })
        .thenThrows(ValidationError, /needs its superior/, 'parentId'));

    it('refuses a superior that is not registered', () =>
      spec()
        .when({ type: 'RegisterDepartment', departmentId: 'lingling', name: 'x', level: 'county', parentId: 'nowhere', parentLevel: null, areaCode: '431102' })
        .thenThrows(NotFoundError, /not registered/, 'parentId'));

    it('refuses a county directly under a province', () =>
      spec()
        .when({
          type: 'RegisterDepartment',
          departmentId: 'lingling',
          name: 'x',
          level: 'county',
          parentId: 'hunan',
          parentLevel: 'province',
          areaCode: '431102',
        })
        .thenThrows(ValidationError, /must be a city/, 'parentId'));

    it('refuses to register the same department twice', () =>
      spec([cityRegistered])
        .when({
          type: 'RegisterDepartment',
          departmentId: 'yongzhou',
          name: 'x',
          level: 'city',
          parentId: 'hunan',
          parentLevel: 'province',
          areaCode: '431100',
        })
        .thenThrows(IllegalStateError, /already registered/));
  });

  describe('when adding a business unit (业务科室, the credit-supervision unit, the legal unit; 000 §18–19)', () => {
    it('adds the credit-supervision unit to a registered department', () =>
      spec([cityRegistered])
        .when({ type: 'AddBusinessUnit', departmentId: 'yongzhou', unitId: 'yongzhou-credit', name: '信用监管科', kind: 'credit-supervision' })
        .then([{ type: 'BusinessUnitAdded', data: { departmentId: 'yongzhou', unitId: 'yongzhou-credit', name: '信用监管科', kind: 'credit-supervision' } }]));

    it('refuses a unit for an unregistered department', () =>
      spec()
        .when({ type: 'AddBusinessUnit', departmentId: 'yongzhou', unitId: 'u', name: 'x', kind: 'business' })
        .thenThrows(NotFoundError, /not registered/));

    it('refuses a unit id used before in the department', () =>
      spec([cityRegistered, { type: 'BusinessUnitAdded', data: { departmentId: 'yongzhou', unitId: 'u', name: 'x', kind: 'legal' } }])
        .when({ type: 'AddBusinessUnit', departmentId: 'yongzhou', unitId: 'u', name: 'y', kind: 'business' })
        .thenThrows(IllegalStateError, /already exists/));
  });
});
