import { creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode, withCreditCodeCheckCharacter } from './credit-code';

describe('unified social credit code (GB 32100-2015, 000 §13)', () => {
  it.each([
    ['91330100799655058B', 'an enterprise in Hangzhou, check character a letter'],
    ['91440300708461136T', 'an enterprise in Shenzhen'],
    ['914403001922038216', 'an enterprise in Shenzhen, check character a digit'],
  ])('accepts %s (%s)', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('computes the check character from the weighted sum mod 31', () => {
    expect(creditCodeCheckCharacter('91330100799655058')).toBe('B');
    expect(creditCodeCheckCharacter('91440300192203821')).toBe('6');
    expect(withCreditCodeCheckCharacter('91431102MA4L0000Q')).toHaveLength(18);
    expect(isValidCreditCode(withCreditCodeCheckCharacter('92431102MA4L0000Q'))).toBe(true);
  });

  it.each([
    ['91330100799655058A', /check character is wrong: expected B/],
    ['91330100799655085B', /check character is wrong/],
    ['9133010079965505', /18 characters, not 16/],
    ['91330100799655058BB', /18 characters, not 19/],
    ['91330100799655O58B', /character 15 \('O'\) is not allowed/],
    ['9133010079965505iB', /character 17 \('i'\) is not allowed/],
    ['913301A0799655058B', /characters 3–8 must be the six-digit administrative division code/],
  ])('refuses %s', (code, reason) => {
    expect(creditCodeProblem(code)).toMatch(reason);
    expect(isValidCreditCode(code)).toBe(false);
  });

  it('refuses to complete a prefix with letters outside the alphabet', () => {
    expect(creditCodeCheckCharacter('9133010079965505S')).toBeNull();
    expect(() => withCreditCodeCheckCharacter('short')).toThrow(/not 17 characters/);
  });
});
