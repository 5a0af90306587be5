import { BulkEnrollmentBodySchema } from '../bulk/bulk-enrollment.schema';
import { SccmHookBodySchema } from '../hooks/sccm-hook.schema';
import { InventoryDeviceSchema } from '../inventory/inventory-device.schema';
import { CsrText, isUpn, safeText, Upn } from './field-rules';

/** What no text field may carry, whichever door it comes through. */
const HOSTILE: Array<[string, string]> = [
  ['NUL', '\u0000'],
  ['ESC', '\u001b'],
  ['a C0 control', '\u0007'],
  ['DEL', '\u007f'],
  ['a C1 control', '\u0085'],
  ['U+FFFE', '\ufffe'],
  ['U+FFFF', '\uffff'],
  ['a noncharacter of another plane', '\u{1fffe}'],
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate', '\udc00'],
];

describe('field rules', () => {
  describe(safeText.name, () => {
    const sut = safeText(1, 64);

    it.each(HOSTILE)('refuses %s', (_, character) => {
      expect(sut.safeParse(`Paris${character}Nord`).success).toBe(false);
    });

    it.each(['Paris-Nord', 'Zürich', 'Москва', '東京', 'Site 😀 emoji'])('accepts %s', (value) => {
      expect(sut.safeParse(value).success).toBe(true);
    });
  });

  describe(isUpn.name, () => {
    it.each(HOSTILE)('refuses a local part with %s', (_, character) => {
      expect(isUpn(`ali${character}ce@contoso.com`)).toBe(false);
    });

    it.each([
      ['a space', 'ali ce@contoso.com'],
      ['no suffix', 'alice'],
      ['a suffix without a dot', 'alice@contoso'],
      ['a suffix that is not a DNS name', 'alice@contoso_corp.com'],
      ['two @', 'a@b@contoso.com'],
      ['a local part over 256 characters', `${'a'.repeat(257)}@contoso.com`],
    ])('refuses %s', (_, value) => {
      expect(isUpn(value)).toBe(false);
    });

    it.each(['alice@contoso.com', "o'brien@contoso.co.uk", 'jürgen.müller@contoso.de', 'svc-enroll$@corp.contoso.com'])('accepts %s', (value) => {
      expect(isUpn(value)).toBe(true);
    });

    it('compares without regard to case', () => {
      expect(Upn.parse('Alice@Contoso.COM')).toBe('alice@contoso.com');
    });
  });

  describe('CsrText', () => {
    it.each(['PRIVATE KEY', 'RSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'EC PRIVATE KEY'])('refuses a %s sent in place of the request', (armour) => {
      const result = CsrText.safeParse(`-----BEGIN ${armour}-----\nMIIB\n-----END ${armour}-----\n`);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].message).toContain('private key');
    });

    it('lets a request through to the certificate step', () => {
      expect(CsrText.safeParse('-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n').success).toBe(true);
    });
  });

  describe('one rule per field, at every door', () => {
    const hook = (sccm: Record<string, unknown>) => ({
      eventId: 'evt-1',
      action: 'bulk-enroll',
      packageId: '0f3b8e6c-a271-4556-9b72-a26cbd8090c8',
      serialNumber: 'SN-1',
      osVersion: '10.0.19045',
      csr: 'x',
      sccm,
    });
    const inventory = (fields: Record<string, unknown>) => ({ name: 'PC01', serialNumber: 'SN-1', ...fields });

    it.each<[string, Record<string, unknown>]>([
      ['sccm.name with NUL', { name: 'PC\u000001' }],
      ['sccm.name with ESC', { name: 'PC\u001b[2J' }],
      ['sccm.adSite with NUL', { adSite: 'Paris\u0000' }],
      ['sccm.adSite with ESC', { adSite: '\u001b[31mParis' }],
      ['sccm.serialNumber with NUL', { serialNumber: 'SN\u00001' }],
      ['sccm.serialNumber with a space', { serialNumber: 'SN 1' }],
      ['sccm.resourceId beyond 32 bits', { resourceId: 2 ** 31 }],
    ])('refuses %s in a hook, as the inventory import does', (_, sccm) => {
      expect(SccmHookBodySchema.safeParse(hook(sccm)).success).toBe(false);
      expect(InventoryDeviceSchema.safeParse(inventory(sccm)).success).toBe(false);
    });

    it('accepts the same identifiers in a hook and in the inventory', () => {
      const sccm = { name: 'PC01', adSite: 'Paris-Nord', serialNumber: 'SN-1', resourceId: 16777220 };
      expect(SccmHookBodySchema.safeParse(hook(sccm)).success).toBe(true);
      expect(InventoryDeviceSchema.safeParse(inventory(sccm)).success).toBe(true);
    });

    it.each(HOSTILE)('refuses a hook user principal name with %s', (_, character) => {
      const body = {
        eventId: 'evt-2',
        action: 'leave',
        deviceId: '0f3b8e6c-a271-4556-9b72-a26cbd8090c8',
        userPrincipalName: `bob${character}@contoso.com`,
      };
      expect(SccmHookBodySchema.safeParse(body).success).toBe(false);
    });

    it('refuses the same serial number at the device endpoint and in the inventory', () => {
      const body = { packageId: '0f3b8e6c-a271-4556-9b72-a26cbd8090c8', serialNumber: 'SN\u001b1', osVersion: '10.0.19045', csr: 'x' };
      expect(BulkEnrollmentBodySchema.safeParse(body).success).toBe(false);
      expect(InventoryDeviceSchema.safeParse(inventory({ serialNumber: body.serialNumber })).success).toBe(false);
    });
  });
});
