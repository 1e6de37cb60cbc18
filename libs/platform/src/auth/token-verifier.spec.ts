import { JwtService } from '@nestjs/jwt';
import { tokenVerifier } from './auth';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const signer = new JwtService({ secret: SECRET, signOptions: { algorithm: 'HS256' } });
const claims = { sub: 'll-staff-liu', role: 'staff', unit: 'lingling' };

describe('bearer token verification (the key prepared once, nothing cached)', () => {
  const verify = tokenVerifier(SECRET);

  it('accepts a token the cli issues and reads its claims', () => {
    expect(verify(signer.sign(claims, { expiresIn: '1h' }))).toMatchObject(claims);
  });

  it('refuses a token signed with another secret', () => {
    const forged = new JwtService({ secret: 'another-secret-of-at-least-thirty-two-chars' }).sign(claims);
    expect(() => verify(forged)).toThrow();
  });

  it('refuses an expired token (a token with time left is accepted)', () => {
    const soon = signer.sign({ ...claims, exp: Math.floor(Date.now() / 1000) + 1 });
    expect(verify(soon)).toMatchObject(claims);
    const expired = signer.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 1 });
    expect(() => verify(expired)).toThrow(/expired/i);
  });

  it('refuses an unsigned token (alg none) and another algorithm', () => {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    expect(() => verify(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`)).toThrow();
    const hs512 = new JwtService({ secret: SECRET, signOptions: { algorithm: 'HS512' } }).sign(claims);
    expect(() => verify(hs512)).toThrow();
  });
});
