import { Actor } from '../shared/actor';
import { mayMoveInspector } from './inspector.scope';

const lingling = { departmentId: 'lingling', superiors: ['yongzhou', 'hunan'] };
const qiyang = { departmentId: 'qiyang', superiors: ['yongzhou', 'hunan'] };
const beihu = { departmentId: 'beihu', superiors: ['chenzhou', 'hunan'] };
const actor = (role: Actor['role'], unit: string): Actor => ({ id: 'a', role, unit });

describe('who may move an inspector to another unit (inspector registry: changes when people move units)', () => {
  it('lets the receiving department record the move', () => expect(mayMoveInspector(actor('staff', 'qiyang'), lingling, qiyang)).toBe(true));

  it('does not let the sending department push a person onto another registry', () =>
    expect(mayMoveInspector(actor('staff', 'lingling'), lingling, qiyang)).toBe(false));

  it('lets a superior of both departments record it', () => expect(mayMoveInspector(actor('unit-head', 'yongzhou'), lingling, qiyang)).toBe(true));

  it('does not let a superior of only the receiving department record it', () =>
    expect(mayMoveInspector(actor('staff', 'chenzhou'), lingling, beihu)).toBe(false));

  it('lets a province that stands above both record it, and an administrator anywhere', () => {
    expect(mayMoveInspector(actor('staff', 'hunan'), lingling, beihu)).toBe(true);
    expect(mayMoveInspector(actor('admin', 'x'), lingling, beihu)).toBe(true);
  });

  it('never lets oversight or the legal unit write', () => {
    expect(mayMoveInspector(actor('oversight', 'qiyang'), lingling, qiyang)).toBe(false);
    expect(mayMoveInspector(actor('legal', 'qiyang'), lingling, qiyang)).toBe(false);
  });
});
