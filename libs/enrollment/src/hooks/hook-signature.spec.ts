import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkHookSignature, HOOK_TOLERANCE_SECONDS, HookSignatureCheck, signHook } from './hook-signature';

const SCRIPT_PATH = join(__dirname, '../../../../scripts/sccm/Send-EnrollmentHook.ps1');
const script = readFileSync(SCRIPT_PATH, 'utf8');

/** A single-quoted constant of the script, e.g. `$SelfTestSecret = 'sccm-test-secret'`. */
function scriptConstant(name: string): string {
  const match = new RegExp(`^\\$${name}\\s*=\\s*'([^']*)'\\s*$`, 'm').exec(script);
  if (!match) throw new Error(`$${name} = '...' not found in ${SCRIPT_PATH}`);
  return match[1];
}

describe(signHook.name, () => {
  const sut = signHook;

  it("signs the script's self-test vector exactly as the script expects", () => {
    const [secret, timestamp, body] = ['SelfTestSecret', 'SelfTestTimestamp', 'SelfTestBody'].map(scriptConstant);
    expect([secret, timestamp]).toEqual(['sccm-test-secret', '1700000000']);
    expect(JSON.parse(body)).toEqual({
      eventId: 'evt-1',
      action: 'leave',
      userPrincipalName: 'alice@contoso.com',
      deviceId: '0f3b8e6c-a271-4556-9b72-a26cbd8090c8',
    });
    expect(sut(secret, timestamp, body)).toBe(scriptConstant('ExpectedSelfTestSignature'));
  });

  it.each<{ name: string; body: string }>([
    { name: 'ASCII', body: '{"eventId":"evt-1"}' },
    { name: 'non-ASCII (signed as UTF-8, like the script)', body: '{"name":"Zoë – 東京"}' },
    { name: 'an empty body', body: '' },
  ])('gives sha256=<64 lowercase hex> and the same for a string or its UTF-8 bytes: $name', ({ body }) => {
    const signature = sut('sccm-test-secret', '1700000000', body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(sut('sccm-test-secret', '1700000000', Buffer.from(body, 'utf8'))).toBe(signature);
  });

  it.each<{ name: string; secret: string; timestamp: string; body: string }>([
    { name: 'another secret', secret: 'sccm-test-secret2', timestamp: '1700000000', body: '{}' },
    { name: 'another timestamp', secret: 'sccm-test-secret', timestamp: '1700000001', body: '{}' },
    { name: 'another body', secret: 'sccm-test-secret', timestamp: '1700000000', body: '{ }' },
  ])('changes with $name', ({ secret, timestamp, body }) => {
    expect(sut(secret, timestamp, body)).not.toBe(sut('sccm-test-secret', '1700000000', '{}'));
  });
});

describe('Send-EnrollmentHook.ps1', () => {
  it.each(['HttpWebRequest', 'HMACSHA256', 'UTF8Encoding', 'X-Signature-Timestamp', 'X-Signature', '/v1/hooks/sccm'])('uses %s', (needle) => {
    expect(script).toContain(needle);
  });

  it('forces TLS 1.2 by its number, 3072, on ServicePointManager.SecurityProtocol', () => {
    expect(script).toMatch(/ServicePointManager\]::SecurityProtocol\s*=\s*\[System\.Net\.SecurityProtocolType\]3072/);
  });

  it.each(['Invoke-RestMethod', 'Invoke-WebRequest', 'ConvertTo-Json', 'ConvertFrom-Json', '[ordered]', 'ToUnixTimeSeconds', '$PSItem'])(
    'never mentions %s (PowerShell 3+ or .NET 4.6+)',
    (needle) => {
      expect(script.toLowerCase()).not.toContain(needle.toLowerCase());
    },
  );

  it('is plain ASCII (PowerShell 2.0 reads a file without a BOM in the ANSI code page)', () => {
    // eslint-disable-next-line no-control-regex -- ASCII, control characters included
    expect(script).toMatch(/^[\x00-\x7f]*$/);
  });

  it('states its escaper expectation as a JSON string of `say "hi"<TAB>C:\\temp<LF>end`', () => {
    expect(JSON.parse(scriptConstant('EscaperExpected'))).toBe('say "hi"\tC:\\temp\nend');
  });

  it('passes its own -SelfTest under pwsh (returns early when pwsh is not installed)', () => {
    const run = spawnSync('pwsh', ['-NoProfile', '-NonInteractive', '-File', SCRIPT_PATH, '-SelfTest'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if ((run.error as { code?: string } | undefined)?.code === 'ENOENT') return;
    expect(run.error).toBeUndefined();
    expect(run.stdout).toContain('SELF-TEST PASS');
    expect(run.stdout).not.toContain('FAIL');
    expect(run.status).toBe(0);
  });
});

describe(checkHookSignature.name, () => {
  const sut = checkHookSignature;
  const secret = 'a-shared-secret-of-at-least-32-chars';
  const timestamp = '1700000000';
  const now = Number(timestamp);
  const body = Buffer.from('{"eventId":"evt-1","action":"leave"}');
  const signature = signHook(secret, timestamp, body);

  it('allows 300 seconds either way', () => {
    expect(HOOK_TOLERANCE_SECONDS).toBe(300);
  });

  interface Case {
    name: string;
    headers: { timestamp?: string; signature?: string };
    rawBody?: Buffer;
    key?: string;
    nowSeconds?: number;
    expected: HookSignatureCheck;
  }

  it.each<Case>([
    { name: 'a correct signature', headers: { timestamp, signature }, expected: 'ok' },
    { name: 'a timestamp exactly 300 s old', headers: { timestamp, signature }, nowSeconds: now + 300, expected: 'ok' },
    { name: 'a timestamp exactly 300 s ahead', headers: { timestamp, signature }, nowSeconds: now - 300, expected: 'ok' },
    { name: 'upper-case hex (the check lower-cases)', headers: { timestamp, signature: signature.toUpperCase() }, expected: 'ok' },
    { name: 'surrounding white space', headers: { timestamp, signature: ` ${signature} ` }, expected: 'ok' },
    { name: 'no timestamp', headers: { signature }, expected: 'missing' },
    { name: 'no signature', headers: { timestamp }, expected: 'missing' },
    { name: 'no headers', headers: {}, expected: 'missing' },
    { name: 'an empty timestamp', headers: { timestamp: '', signature }, expected: 'missing' },
    { name: 'an empty signature', headers: { timestamp, signature: '' }, expected: 'missing' },
    { name: 'a timestamp 301 s old', headers: { timestamp, signature }, nowSeconds: now + 301, expected: 'stale' },
    { name: 'a timestamp 301 s ahead', headers: { timestamp, signature }, nowSeconds: now - 301, expected: 'stale' },
    { name: 'a non-numeric timestamp', headers: { timestamp: 'yesterday', signature }, expected: 'stale' },
    { name: 'a timestamp with a fraction', headers: { timestamp: '1700000000.5', signature }, expected: 'stale' },
    { name: 'a negative timestamp', headers: { timestamp: '-1700000000', signature }, expected: 'stale' },
    { name: 'a timestamp in milliseconds', headers: { timestamp: '1700000000000', signature }, expected: 'stale' },
    { name: 'another secret', headers: { timestamp, signature }, key: `${secret}!`, expected: 'mismatch' },
    { name: 'a tampered body', headers: { timestamp, signature }, rawBody: Buffer.from('{"eventId":"evt-2","action":"leave"}'), expected: 'mismatch' },
    { name: 'a signature made for another timestamp', headers: { timestamp: String(now + 1), signature }, expected: 'mismatch' },
    { name: 'bare hex without sha256=', headers: { timestamp, signature: signature.slice('sha256='.length) }, expected: 'mismatch' },
    { name: 'a truncated signature', headers: { timestamp, signature: signature.slice(0, -2) }, expected: 'mismatch' },
    { name: 'a sha1= signature', headers: { timestamp, signature: signature.replace('sha256=', 'sha1=') }, expected: 'mismatch' },
  ])('says $expected for $name', ({ headers, rawBody = body, key = secret, nowSeconds = now, expected }) => {
    expect(sut(key, headers, rawBody, nowSeconds)).toBe(expected);
  });

  it("accepts the script's self-test vector at its own time", () => {
    const [vectorSecret, vectorTimestamp, vectorBody] = ['SelfTestSecret', 'SelfTestTimestamp', 'SelfTestBody'].map(scriptConstant);
    const headers = { timestamp: vectorTimestamp, signature: scriptConstant('ExpectedSelfTestSignature') };
    expect(sut(vectorSecret, headers, Buffer.from(vectorBody), Number(vectorTimestamp))).toBe('ok');
  });
});
