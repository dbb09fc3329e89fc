import { describe, expect, it } from 'vitest';
import { auditDetail, auditTarget, maskSecret, MAX_DETAIL_BYTES } from '../../../main/domain/audit/audit-detail';

describe('auditDetail', () => {
  it('masks secrets by field name, anywhere in the input, keeping at most the last 4 characters of a long one', () => {
    const d = auditDetail({
      name: 'Shop',
      secret: 'shpss_0123456789abcdef',
      postage: { apiKey: 'EZAK_live_abcdefghijklmnop', mode: 'live' },
      stations: [{ token: 'ss_tokentokentoken1234' }],
      password: 'hunter22',
      postalCode: '10001',
      serviceKey: 'usps:priority',
    });
    expect(JSON.parse(d.json)).toEqual({
      name: 'Shop',
      secret: '••••cdef',
      postage: { apiKey: '••••mnop', mode: 'live' },
      stations: [{ token: '••••1234' }],
      // Short secrets show nothing: 4 characters of 8 would be half of it.
      password: '••••',
      // Postal codes and service keys are not secrets.
      postalCode: '10001',
      serviceKey: 'usps:priority',
    });
    expect(d.json).not.toMatch(/0123456789|abcdefghijkl|tokentoken|hunter/);
    expect(d.hadSecret).toBe(true);
  });

  it('masks the fields a method names as secret (a pairing code) and reports no secret when none was given', () => {
    expect(JSON.parse(auditDetail({ code: 'ABCD2345' }, ['code']).json)).toEqual({ code: '••••' });
    expect(auditDetail({ name: 'Shop', secret: undefined }).hadSecret).toBe(false);
    expect(maskSecret(12345)).toBe('••••');
  });

  it('keeps any input within 2 KB of valid JSON, cutting long strings and lists without reading all of them', () => {
    const csv = 'sku,name\n' + 'A,B\n'.repeat(1_000_000);
    const big = auditDetail({ csv, lines: Array.from({ length: 5000 }, (_, i) => ({ sku: `S${i}`, quantity: i })) });
    const parsed = JSON.parse(big.json);
    expect(Buffer.byteLength(big.json)).toBeLessThanOrEqual(MAX_DETAIL_BYTES);
    expect(parsed.csv).toMatch(/… \(4000009 characters\)$/);
    expect(parsed.lines).toHaveLength(11);
    expect(parsed.lines[10]).toBe('… 4990 more');
    // Many long fields together still fit: then the JSON is kept as a preview.
    const wide = auditDetail(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`note${i}`, 'é"'.repeat(150)])));
    expect(Buffer.byteLength(wide.json)).toBeLessThanOrEqual(MAX_DETAIL_BYTES);
    expect(JSON.parse(wide.json)).toMatchObject({ truncated: true });
    expect(auditDetail(undefined).json).toBe('null');
  });
});

describe('auditTarget', () => {
  it('names what was changed from the input, else from the result, never from a secret', () => {
    expect(auditTarget({ sku: 'MUG', delta: 1 }, {})).toBe('sku=MUG');
    expect(auditTarget({ orderId: 12, service: 'usps/priority' }, { id: 99 })).toBe('orderId=12');
    expect(auditTarget({ customer: {}, lines: [] }, { id: 7, number: 'M-1001' })).toBe('number=M-1001');
    expect(auditTarget({ name: 'Pack 1', role: 'packer' }, { code: 'SECRET12' })).toBe('name=Pack 1');
    expect(auditTarget({ code: 'ABCD2345' }, { token: 'ss_x', name: 'Pack 1' }, ['code'])).toBe('name=Pack 1');
    expect(auditTarget({}, undefined)).toBeNull();
  });
});
