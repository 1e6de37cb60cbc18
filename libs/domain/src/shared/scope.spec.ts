import { mayActFor, mayRead } from './scope';

const county = { departmentId: 'lingling', superiors: ['yongzhou', 'hunan'] };

describe('scope', () => {
  it('lets staff act for their own department only', () => {
    expect(mayActFor({ id: 's', role: 'staff', unit: 'lingling' }, county)).toBe(true);
    expect(mayActFor({ id: 's', role: 'staff', unit: 'qiyang' }, county)).toBe(false);
  });

  it('lets a superior act only where the rule allows it', () => {
    const cityStaff = { id: 's', role: 'staff' as const, unit: 'yongzhou' };
    expect(mayActFor(cityStaff, county)).toBe(false);
    expect(mayActFor(cityStaff, county, { superiorMayAct: true })).toBe(true);
  });

  it('never lets oversight write, but lets it read everything', () => {
    const oversight = { id: 'o', role: 'oversight' as const, unit: 'lingling' };
    expect(mayActFor(oversight, county)).toBe(false);
    expect(mayRead(oversight, { departmentId: 'anywhere', superiors: [] })).toBe(true);
  });

  it('lets a city read its counties but not a county read its city', () => {
    expect(mayRead({ id: 'c', role: 'staff', unit: 'yongzhou' }, county)).toBe(true);
    expect(mayRead({ id: 'c', role: 'staff', unit: 'lingling' }, { departmentId: 'yongzhou', superiors: ['hunan'] })).toBe(false);
  });

  it('restricts a rule to the roles it names', () => {
    expect(mayActFor({ id: 'h', role: 'staff', unit: 'lingling' }, county, { roles: ['unit-head'] })).toBe(false);
    expect(mayActFor({ id: 'h', role: 'unit-head', unit: 'lingling' }, county, { roles: ['unit-head'] })).toBe(true);
  });
});
