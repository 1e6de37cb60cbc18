import { urlForLog } from './platform.module';

describe('the URL in the request log', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsbC1zdGFmZi1saXUifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

  it('keeps a URL without a credential as it is', () => {
    expect(urlForLog('/public/targets?name=%E9%9B%B6%E9%99%B5&limit=5')).toBe('/public/targets?name=%E9%9B%B6%E9%99%B5&limit=5');
    expect(urlForLog('/health')).toBe('/health');
    expect(urlForLog(undefined)).toBeUndefined();
  });

  it('replaces parameters named like a credential, and any JWT or bearer value', () => {
    expect(urlForLog(`/x?token=${jwt}&limit=1`)).toBe('/x?token=[redacted]&limit=1');
    expect(urlForLog('/x?access_token=abc&Api-Key=k&client_secret=s&password=p')).toBe('/x?access_token=[redacted]&Api-Key=[redacted]&client_secret=[redacted]&password=[redacted]');
    expect(urlForLog(`/x?q=${jwt}`)).toBe('/x?q=[redacted]');
    expect(urlForLog('/x?q=Bearer%20abc')).toBe('/x?q=[redacted]');
    expect(urlForLog('/x?q=%E0%A4%A&flag')).toBe('/x?q=%E0%A4%A&flag');
  });
});
