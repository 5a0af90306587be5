import fc from 'fast-check';
import { FieldSpec, objectsOf, ObjectSpec } from './body';
import { FuzzContext } from './fixtures';

/** Body specs of the endpoints: valid values, and values of the right type that break one rule. */

const DAY = 24 * 3600 * 1000;
const GUID_UPPER = fc.uuid({ version: 4 }).map((id) => id.toUpperCase());

/** A device id as Windows may write it: as is, upper case, or in braces. */
const asWindowsWrites = (id: fc.Arbitrary<string>) =>
  fc
    .tuple(id, fc.constantFrom('plain', 'upper', 'braces'))
    .map(([value, form]) => (form === 'plain' ? value : form === 'upper' ? value.toUpperCase() : `{${value.toUpperCase()}}`));

const nearGuid = fc.oneof(
  fc.uuid().map((id) => id.replace(/-/g, '')),
  fc.uuid().map((id) => `${id}0`),
  fc.uuid().map((id) => `{${id}`),
  fc.uuid().map((id) => id.replace(/[0-9a-f]$/, 'g')),
  fc.constant('00000000-0000-0000-0000-000000000000'),
);

const netbiosName = fc.stringMatching(/^[A-Z][A-Z0-9-]{0,13}$/);
const nearNetbiosName = fc.constantFrom('A'.repeat(16), '-PC', '.PC', 'PC 01', 'PC\u00e9', 'PC/01', 'PC\\01', '', 'PC01\u0000');
const nearOsVersion = fc.constantFrom('6.1', '6', '6.1.7601.1.2', '999999.1', ' 6.1.7601', '6.1.7601\n', '\uff16.1.7601', '6..1', '-6.1.7601', '6.1.7601a');

export function workplaceJoinSpec(ctx: FuzzContext): ObjectSpec {
  return {
    deviceId: {
      valid: asWindowsWrites(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ctx.deviceIds) }, { weight: 1, arbitrary: fc.uuid({ version: 4 }) })),
      near: nearGuid,
    },
    deviceName: { valid: netbiosName, near: nearNetbiosName },
    domain: {
      valid: fc.constantFrom('contoso.com', 'CONTOSO', 'corp.contoso.com'),
      near: fc.constantFrom('-contoso', 'con toso', 'a'.repeat(256), 'contoso..com\u0000', '*.contoso.com', ''),
    },
    osVersion: { valid: fc.constantFrom('6.1.7601', '6.1.7600', '6.1.7601.24214'), near: nearOsVersion },
    csr: { valid: fc.constantFrom(...ctx.csrs), near: fc.constantFrom(...ctx.badCsrs.map(({ value }) => value)) },
  };
}

export function bulkEnrollmentSpec(ctx: FuzzContext): ObjectSpec {
  return {
    packageId: {
      valid: asWindowsWrites(fc.constantFrom(...ctx.packageIds, ctx.limited.packageId)),
      near: fc.oneof(nearGuid, fc.uuid({ version: 4 }), fc.constant(ctx.mainTokenId)),
    },
    serialNumber: {
      valid: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ctx.serials) }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Z0-9]{8,12}$/) }),
      near: fc.constantFrom('S'.repeat(65), 'SN 1', 'SN\u00e9', '', 'SN\t1', 'SN\u0000'),
    },
    hardwareId: { optional: true, valid: fc.stringMatching(/^HW-[A-Z0-9 ]{1,20}$/), near: fc.constantFrom('H'.repeat(257), 'HW\u0001', 'HW\u00ff') },
    osVersion: {
      valid: fc.constantFrom('10.0.19045', '10.0.17134.1', '10.0.22631.2861', '10.0.15063'),
      near: fc.oneof(fc.constantFrom('10.0.14393', '10.0.10240', '6.1.7601', '10.0', '10.0.99999.99999', '00010.0.19045'), nearOsVersion),
    },
    csr: { valid: fc.constantFrom(...ctx.csrs), near: fc.constantFrom(...ctx.badCsrs.map(({ value }) => value)) },
  };
}

export function bulkTokenSpec(): ObjectSpec {
  return {
    expiresAt: {
      valid: fc.integer({ min: 1, max: 179 }).map((days) => new Date(Date.now() + days * DAY).toISOString()),
      near: fc.oneof(
        fc.integer({ min: 181, max: 100_000 }).map((days) => new Date(Date.now() + days * DAY).toISOString()),
        fc.integer({ min: 1, max: 100_000 }).map((days) => new Date(Date.now() - days * DAY).toISOString()),
        fc.constantFrom(
          '2030-02-30T00:00:00Z',
          '2030-01-01T00:00:00',
          '2030-01-01',
          '+275760-09-13T00:00:00Z',
          '2030-01-01T23:59:60Z',
          '2030-01-01T00:00:00+14:00',
          '2030-01-01T00:00:00.123456789Z',
          '1700000000',
          'now',
          'Infinity',
        ),
      ),
    },
    maxUses: { optional: true, valid: fc.integer({ min: 1, max: 1_000_000 }), near: fc.constantFrom(0, -1, 1.5, 1_000_001, 2 ** 53, '5') },
  };
}

const xmlText = (max: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 30) }).filter((text) => !/[\p{Cc}]/u.test(text));

const wifiSpec: ObjectSpec = {
  ssid: { valid: fc.constantFrom('Contoso', 'Café <&> "Wi-Fi"', ']]>', 'x'), near: fc.constantFrom('S'.repeat(33), '\u00e9'.repeat(17), '', 'a\u0000b') },
  networkType: { valid: fc.constantFrom('open', 'wpa2-personal', 'certificate'), near: fc.constantFrom('wep', 'WPA2-PERSONAL', '') },
  key: {
    optional: true,
    valid: fc.constantFrom('correct horse battery', 'k&y"<>1234', ']]><!--'),
    near: fc.constantFrom('short', 'k'.repeat(64), 'key\u0000key12'),
  },
  certificateTarget: { optional: true, valid: fc.constant('device'), near: fc.constantFrom('user', 'machine') },
  autoConnect: { optional: true, valid: fc.boolean(), near: fc.constantFrom('true', 1) },
  hidden: { optional: true, valid: fc.boolean(), near: fc.constantFrom('false', 0) },
};

const validWifi = fc.constantFrom(
  { ssid: 'Contoso', networkType: 'open' },
  { ssid: 'Contoso <Corp> & "Guests"', networkType: 'wpa2-personal', key: 'k&y"123\'45<>', autoConnect: true, hidden: false },
  { ssid: 'Contoso-8021X', networkType: 'certificate', certificateTarget: 'device' },
);

const appSpec: ObjectSpec = {
  name: { valid: xmlText(64), near: fc.constantFrom('A'.repeat(65), '', 'a\u0000') },
  installer: {
    valid: fc.constantFrom('C:\\Apps\\setup.exe', '\\\\server\\share\\a b.msi', 'setup <&>.exe'),
    near: fc.constantFrom('I'.repeat(1025), 'x\u0007'),
  },
  commandLine: {
    valid: fc.constantFrom('setup.exe /quiet', 'cmd /c "echo ]]> & exit"', 'msiexec /i "a.msi" /qn'),
    near: fc.constantFrom('C'.repeat(2049), 'x\r\ny'),
  },
};

const certificateSpec: ObjectSpec = {
  name: { valid: xmlText(64), near: fc.constantFrom('N'.repeat(65), '') },
  path: { valid: fc.constantFrom('C:\\certs\\root.cer', 'root <&>.cer'), near: fc.constantFrom('P'.repeat(1025), 'a\u0000') },
  store: { optional: true, valid: fc.constantFrom('root', 'ca'), near: fc.constantFrom('my', 'ROOT', '') },
};

/** WCD keys list items by name: a valid list names each item once (ignoring case). */
const nameOf = (item: unknown) => String((item as { name?: unknown }).name).toLowerCase();
const uniqueByName = (items: unknown[]) => items.filter((item, i) => items.findIndex((other) => nameOf(other) === nameOf(item)) === i);

export function provisioningPackageSpec(ctx: FuzzContext): ObjectSpec {
  return {
    name: { valid: xmlText(64), near: fc.constantFrom('N'.repeat(65), '', 'a\u0000b', '\ud800') },
    deviceNameTemplate: {
      valid: fc.constantFrom('FZ-%RAND:4%', 'P%SERIAL%', '%SERIAL%', 'A-%RAND:3%-%SERIAL%', 'WS%RAND:2%', 'fz-%rand:5%'),
      near: fc.constantFrom(
        '%RAND:0%',
        '%RAND:99%',
        '%RAND:-1%',
        'X'.repeat(16),
        'NAME WITH SPACE',
        '12345',
        '%RAND:3%',
        '%SERIAL',
        '%RAND:4',
        '%UNKNOWN%',
        '%%',
        '\u00c4\u00d6-%RAND:3%',
        '',
        '%SERIAL%%SERIAL%%SERIAL%',
        '%RAND:15%',
        '%RAND:1%',
      ),
    },
    productKey: {
      optional: true,
      valid: fc.constantFrom('ABCDE-12345-FGHIJ-67890-KLMNO', 'abcde-12345-fghij-67890-klmno'),
      near: fc.constantFrom('ABCDE-12345', 'ABCDE-12345-FGHIJ-67890-KLMN\u00d6', 'ABCDE_12345_FGHIJ_67890_KLMNO'),
    },
    sharedUse: { optional: true, valid: fc.boolean(), near: fc.constantFrom('yes', 1, null) },
    removePreinstalledSoftware: { optional: true, valid: fc.boolean(), near: fc.constantFrom('no', 0) },
    hideOobe: { optional: true, valid: fc.boolean(), near: fc.constantFrom('true', []) },
    wifi: { optional: true, valid: validWifi, fields: wifiSpec },
    apps: {
      optional: true,
      valid: fc.array(objectsOf(appSpec), { maxLength: 3 }).map(uniqueByName),
      near: fc.oneof(
        fc.constant(Array.from({ length: 51 }, (_, i) => ({ name: `a${i}`, installer: 'i.exe', commandLine: 'i.exe' }))),
        fc.constant([
          { name: 'Dup', installer: 'i.exe', commandLine: 'c' },
          { name: 'DUP', installer: 'j.exe', commandLine: 'd' },
        ]),
      ),
    },
    certificates: {
      optional: true,
      valid: fc.array(objectsOf(certificateSpec), { maxLength: 3 }).map(uniqueByName),
      near: fc.constant([
        { name: 'c', path: 'a.cer' },
        { name: 'C', path: 'b.cer' },
      ]),
    },
    bulkTokenId: {
      valid: fc.constantFrom(ctx.mainTokenId, ctx.mainTokenId.toUpperCase()),
      near: fc.oneof(fc.constantFrom(...ctx.sacrificialTokenIds), fc.uuid({ version: 4 }), nearGuid),
    },
  };
}

export function inventoryDeviceSpec(ctx: FuzzContext): ObjectSpec {
  return {
    name: { valid: netbiosName, near: nearNetbiosName },
    serialNumber: { optional: true, valid: fc.constantFrom(...ctx.serials), near: fc.constantFrom('S'.repeat(65), 'SN 1', '') },
    smbiosGuid: { optional: true, valid: GUID_UPPER, near: nearGuid },
    resourceId: { optional: true, valid: fc.integer({ min: 0, max: 2 ** 31 - 1 }), near: fc.constantFrom(-1, 2 ** 31, 1.5, '16777220') },
    adSite: { optional: true, valid: fc.constantFrom('Paris', 'Default-First-Site-Name', 'Zürich <&>'), near: fc.constantFrom('A'.repeat(65), 'a\nb', '') },
  };
}

export function inventoryImportSpec(ctx: FuzzContext): ObjectSpec {
  const device = objectsOf(inventoryDeviceSpec(ctx));
  return {
    devices: {
      valid: fc.array(device, { minLength: 1, maxLength: 6 }),
      near: fc.oneof(
        fc.constant([]),
        fc.constantFrom(1_001, 400).map((length) => Array.from({ length }, (_, i) => ({ name: `N${i}`, serialNumber: `BATCH${i}` }))),
      ),
    },
  };
}

const sccmSpec: ObjectSpec = {
  resourceId: { optional: true, valid: fc.integer({ min: 0, max: 2 ** 31 }), near: fc.constantFrom(-1, 1.5, '1') },
  smbiosGuid: { optional: true, valid: GUID_UPPER, near: nearGuid },
  serialNumber: { optional: true, valid: fc.stringMatching(/^[A-Z0-9]{4,12}$/), near: fc.constantFrom('S'.repeat(65), '') },
  name: { optional: true, valid: netbiosName, near: fc.constantFrom('N'.repeat(65), '') },
  adSite: { optional: true, valid: fc.constantFrom('Paris', 'Lyon'), near: fc.constantFrom('A'.repeat(65), '') },
};

/** The three hook actions; every body is signed or mis-signed when it is sent. */
export function sccmHookSpecs(ctx: FuzzContext): ObjectSpec[] {
  const base: ObjectSpec = {
    eventId: {
      valid: fc.oneof(
        fc.constantFrom(...ctx.hookEventIds),
        fc.uuid({ version: 4 }).map((id) => `evt-${id}`),
      ),
      near: fc.constantFrom('E'.repeat(129), 'evt id', '', 'evt-\u00e9', 'evt-\u0000'),
    },
    sccm: {
      optional: true,
      valid: fc.constant({ resourceId: 16777220, smbiosGuid: '4C4C4544-0031-3510-8052-B4C04F4E4B31', name: 'PC42', adSite: 'Paris' }),
      fields: sccmSpec,
    },
  };
  const upn = {
    valid: fc.constantFrom('maria@contoso.com', 'Maria@Contoso.com', 'alice@contoso.com', 'bob@contoso.com'),
    near: fc.constantFrom('no-at-sign', 'a@b', 'a b@contoso.com', `${'u'.repeat(320)}@contoso.com`, '@contoso.com'),
  };
  const join = workplaceJoinSpec(ctx);
  const { deviceId } = join;
  return [
    { ...base, action: { valid: fc.constant('workplace-join'), near: fc.constantFrom('Workplace-Join', 'join') }, userPrincipalName: upn, ...join },
    { ...base, action: { valid: fc.constant('leave'), near: fc.constantFrom('LEAVE', 'delete') }, userPrincipalName: upn, deviceId },
    { ...base, action: { valid: fc.constant('bulk-enroll'), near: fc.constantFrom('bulk', 'enroll') }, ...bulkEnrollmentSpec(ctx) },
  ];
}

export function devTokenSpec(): ObjectSpec {
  return {
    upn: {
      valid: fc.oneof(fc.constantFrom('alice@contoso.com', 'Zoe@Contoso.COM'), fc.emailAddress()),
      near: fc.constantFrom('x', 'a@b', 'a b@c.d', '@c.d', 'a@@c.d', `${'u'.repeat(5000)}@c.d`),
    },
  };
}

const ttlSeconds: FieldSpec = {
  optional: true,
  valid: fc.constantFrom(1, 60, 3600, 30 * 24 * 3600),
  near: fc.constantFrom(0, -1, 1.5, 30 * 24 * 3600 + 1, 2 ** 53, '60', null),
};

/** An OMA-DM command on a LocURI; Get carries no data (a valid body with data is refused for that rule alone). */
export function deviceCommandSpec(): ObjectSpec {
  return {
    verb: { valid: fc.constantFrom('Get', 'Get', 'Add', 'Replace', 'Delete', 'Exec'), near: fc.constantFrom('get', 'GET', 'Sync', 'Atomic', '', 'Get ') },
    target: {
      valid: fc.constantFrom(
        './DevDetail/SwV',
        './Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart',
        './Vendor/MSFT/NoSuchNode',
        './User/Vendor/MSFT/Policy/Config/Browser/HomePages',
        './Device/Vendor/MSFT/DMClient/Provider/MS%20DM%20Server/Unenroll',
        `./${'N/'.repeat(300)}leaf`,
      ),
      near: fc.constantFrom(
        '/DevDetail/SwV',
        'https://evil.example/x',
        './a b',
        './a//b',
        './../etc/passwd',
        './a/./b',
        '.',
        './',
        `./${'x'.repeat(1100)}`,
        './a\u0000b',
        './a]]><x/>',
        '.\\DevDetail',
      ),
    },
    data: {
      optional: true,
      valid: fc.constantFrom('9', 'true', '<wap-provisioningdoc>&amp;</wap-provisioningdoc>', ']]><!--', 'Caf\u00e9 \u{1F600}', 'x'.repeat(40 * 1024)),
      near: fc.constantFrom('x'.repeat(49 * 1024), '\u00e9'.repeat(25 * 1024), 'a\u0000b', 'a\u001bb', 42, true, ['a']),
    },
    format: { optional: true, valid: fc.constantFrom('chr', 'int', 'bool', 'b64', 'xml', 'node', 'null'), near: fc.constantFrom('CHR', 'string', '', 'bin') },
    type: {
      optional: true,
      valid: fc.constantFrom('text/plain', 'application/vnd.ms-x+xml'),
      near: fc.constantFrom('text', '*/*', 'a/b c', `a/${'b'.repeat(200)}`),
    },
    ttlSeconds,
  };
}

/** A Policy CSP setting. */
export function policyCommandSpec(): ObjectSpec {
  return {
    area: {
      valid: fc.constantFrom('Update', 'Browser', 'Experience', 'ADMX_Desktop~Policy~x'),
      near: fc.constantFrom('Up date', 'a/b', '..', '', 'A'.repeat(129), 'Caf\u00e9'),
    },
    policy: { valid: fc.constantFrom('ActiveHoursStart', 'AllowCookies', 'P_1-x'), near: fc.constantFrom('A/B', '.', '', 'P'.repeat(129), 'p\u0000') },
    value: {
      valid: fc.constantFrom(9, 0, -1, true, false, '9', 'true', '<enabled/>', 'x'.repeat(1000)),
      near: fc.constantFrom(1.5, null, { a: 1 }, [1], 'x'.repeat(49 * 1024), 'a\u0000b', 2 ** 64),
    },
    format: { optional: true, valid: fc.constantFrom('int', 'chr', 'bool', 'xml', 'b64'), near: fc.constantFrom('node', 'INT', '') },
    ttlSeconds,
  };
}

/** MS-DVRJ register: the CSR as base64 DER, JoinType 4 (others refused), the PC's names. */
export function dvrjRegisterSpec(ctx: FuzzContext): ObjectSpec {
  const der = ctx.csrs.map((csr) => (csr.includes('-----BEGIN') ? csr.replace(/-----[^-]+-----|\s/g, '') : csr));
  return {
    CertificateRequest: {
      valid: fc.constantFrom(...der).map((Data) => ({ Type: 'pkcs10', Data })),
      near: fc.constantFrom({ Type: 'pkcs7', Data: der[0] }, { Type: 'pkcs10', Data: 'AAAA' }, { Type: 'pkcs10', Data: '' }, { Type: 'pkcs10' }),
    },
    TransportKey: { valid: fc.base64String({ minLength: 4, maxLength: 64 }), near: fc.constantFrom('not base64!', 'A'.repeat(9000)), optional: true },
    TargetDomain: { valid: fc.constantFrom('contoso.com', 'corp.contoso.com'), near: fc.constantFrom('-contoso', 'a'.repeat(256), ''), optional: true },
    DeviceType: { valid: fc.constant('Windows'), optional: true },
    OSVersion: { valid: fc.constantFrom('10.0.19045.3803', '10.0.22631'), near: nearOsVersion },
    DeviceDisplayName: { valid: netbiosName, near: nearNetbiosName },
    JoinType: { valid: fc.constant(4), near: fc.constantFrom(0, 1, 2, 3, 5, -4, 4.5, 2 ** 53) },
    Attributes: { valid: fc.constant({ ReuseDevice: 'true', ReturnClientSid: 'true' }), optional: true },
  };
}
