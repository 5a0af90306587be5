import { z } from 'zod';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { describeIssues } from '../errors/validation-issues';
import { SafeText, safeText, Upn } from '../validation/field-rules';
import { parseNameTemplate } from './device-name-template';

export const MAX_PACKAGE_APPS = 50;
export const MAX_PACKAGE_CERTIFICATES = 50;

/** An item name, unique (ignoring case) in its list because WCD keys list items by name. */
function uniqueNames(items: Array<{ name: string }>, ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const key = item.name.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `repeats the name of item ${first}` });
  });
}

export const ProductKey = z
  .string()
  .regex(/^[A-Za-z0-9]{5}(?:-[A-Za-z0-9]{5}){4}$/, 'must look like XXXXX-XXXXX-XXXXX-XXXXX-XXXXX')
  .transform((value) => value.toUpperCase());

export const WifiSsid = SafeText.refine((value) => {
  const bytes = Buffer.byteLength(value, 'utf8');
  return bytes >= 1 && bytes <= 32;
}, 'must be 1-32 bytes of UTF-8');

export const WifiSettingsSchema = z.strictObject({
  ssid: WifiSsid,
  networkType: z.enum(['open', 'wpa2-personal', 'certificate']),
  // Its length depends on the network type, so it is checked with the other Wi-Fi rules.
  key: SafeText.optional(),
  certificateTarget: z.enum(['device', 'user']).optional(),
  autoConnect: z.boolean().optional(),
  hidden: z.boolean().optional(),
});

export const PackageAppSchema = z.strictObject({
  name: safeText(1, 64),
  installer: safeText(1, 1024),
  commandLine: safeText(1, 2048),
});

export const PackageCertificateSchema = z.strictObject({
  name: safeText(1, 64),
  path: safeText(1, 1024),
  store: z.enum(['root', 'ca']).default('root'),
});

/**
 * A package that enrolls its devices into this service (MS-MDE2) rather than Entra ID: the service
 * account they enroll as, e.g. enroll@contoso.com.
 */
export const PackageMdmEnrollmentSchema = z.strictObject({ userPrincipalName: Upn });

/** Why a package takes no password, and what to do instead. */
const PACKAGE_PASSWORD_REFUSAL =
  'is not accepted: a package is protected when Windows Configuration Designer builds the .ppkg, not here. ' +
  'Build with ICD.exe /Build-ProvisioningPackage … +Encrypted (it makes the password and prints it), ' +
  'or choose one under "Protect your package" in the desktop wizard';

/**
 * Body of POST /v1/provisioning-packages: the fields of WCD's "Provision desktop devices" wizard. Every
 * string ends up in customizations.xml, which carries exactly what the text rules allow.
 */
export const ProvisioningPackageBodySchema = z.strictObject({
  name: safeText(1, 64),
  // Checked by parseNameTemplate, whose errors say which naming rule the template breaks.
  deviceNameTemplate: SafeText,
  productKey: ProductKey.optional(),
  sharedUse: z.boolean().optional(),
  removePreinstalledSoftware: z.boolean().optional(),
  hideOobe: z.boolean().optional(),
  wifi: WifiSettingsSchema.optional(),
  apps: z.array(PackageAppSchema).max(MAX_PACKAGE_APPS, `must have at most ${MAX_PACKAGE_APPS} items`).superRefine(uniqueNames).optional(),
  certificates: z
    .array(PackageCertificateSchema)
    .max(MAX_PACKAGE_CERTIFICATES, `must have at most ${MAX_PACKAGE_CERTIFICATES} items`)
    .superRefine(uniqueNames)
    .optional(),
  mdmEnrollment: PackageMdmEnrollmentSchema.optional(),
  // customizations.xml has no place for a package password: Windows Configuration Designer sets one when
  // it builds the .ppkg (ICD.exe +Encrypted generates it). A password given here would protect nothing.
  password: z
    .never({ error: PACKAGE_PASSWORD_REFUSAL })
    .optional()
    .describe('Not accepted: the .ppkg is protected when WCD builds it (ICD.exe /Build-ProvisioningPackage … +Encrypted)'),
  // Token ids are stored in lower case, so an upper-case copy still finds its token.
  bulkTokenId: z.uuid('must be a UUID').transform((value) => value.toLowerCase()),
});
export type ProvisioningPackageInput = z.infer<typeof ProvisioningPackageBodySchema>;
export type WifiSettings = z.infer<typeof WifiSettingsSchema>;

/** Validates a provisioning package body: shape first, then the device name template, then the Wi-Fi rules. */
export function validateProvisioningPackage(body: unknown): ProvisioningPackageInput {
  const result = ProvisioningPackageBodySchema.safeParse(body);
  if (!result.success) throw EnrollmentError.permanent(ErrorCode.ValidationFailed, describeIssues(result.error.issues));
  parseNameTemplate(result.data.deviceNameTemplate);
  if (result.data.wifi) checkWifi(result.data.wifi);
  return result.data;
}

const WPA2_KEY_MIN = 8;
const WPA2_KEY_MAX = 63;

function checkWifi(wifi: WifiSettings): void {
  const { networkType, key, certificateTarget } = wifi;
  // A setting the network type ignores would be dropped from the package without a word, so it is refused.
  if (networkType !== 'certificate' && certificateTarget !== undefined) {
    throw invalid(`wifi.certificateTarget: applies only to certificate networks, not to ${networkType} networks`);
  }
  switch (networkType) {
    case 'open':
      if (key !== undefined) throw invalid('wifi.key: an open network has no key; remove it or use wpa2-personal');
      return;
    case 'wpa2-personal':
      if (key === undefined || key.length < WPA2_KEY_MIN || key.length > WPA2_KEY_MAX) {
        throw invalid(`wifi.key: a wpa2-personal network needs a key of ${WPA2_KEY_MIN}-${WPA2_KEY_MAX} characters`);
      }
      return;
    case 'certificate':
      if (certificateTarget === 'user') {
        throw EnrollmentError.permanent(
          ErrorCode.WifiUserCertificateUnsupported,
          'wifi.certificateTarget: bulk-enrolled devices have no user to hold a user-targeted certificate, ' +
            "so they cannot use one for Wi-Fi; use device certificates (certificateTarget: 'device')",
        );
      }
      if (certificateTarget === undefined) {
        throw invalid("wifi.certificateTarget: a certificate network must name certificateTarget: 'device'");
      }
      if (key !== undefined) throw invalid('wifi.key: a certificate network authenticates with the device certificate, not a key');
      return;
  }
}

function invalid(message: string): EnrollmentError {
  return EnrollmentError.permanent(ErrorCode.ValidationFailed, message);
}
