import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  APP_CONFIG,
  AppConfig,
  BulkTokenRepository,
  BulkTokenService,
  bulkTokenState,
  EnrollmentError,
  ErrorCode,
  ProvisioningPackageRecord,
  ProvisioningPackageRepository,
  renderCustomizationsXml,
  SecretBox,
  validateProvisioningPackage,
} from '@app/enrollment';

/** Creates provisioning packages from the wizard's fields and renders their customizations.xml. */
@Injectable()
export class ProvisioningPackagesService {
  // Wi-Fi keys are secrets the XML needs back, so they are sealed like the bulk tokens.
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly packages: ProvisioningPackageRepository,
    private readonly tokens: BulkTokenRepository,
    private readonly bulkTokens: BulkTokenService,
  ) {
    this.box = new SecretBox(config.pki.passphrase, 'package-secret');
  }

  async create(body: unknown): Promise<ProvisioningPackageRecord> {
    const input = validateProvisioningPackage(body);
    await this.usableToken(input.bulkTokenId, ErrorCode.BulkTokenNotUsable);
    const record: ProvisioningPackageRecord = {
      ...input,
      wifi: input.wifi && { ...input.wifi, key: input.wifi.key === undefined ? undefined : this.box.seal(input.wifi.key) },
      id: randomUUID(),
      version: '1.0',
      createdAt: new Date().toISOString(),
    };
    await this.packages.create(record);
    return record;
  }

  async find(packageId: string): Promise<ProvisioningPackageRecord> {
    const record = await this.packages.get(packageId);
    if (!record) throw EnrollmentError.permanent(ErrorCode.PackageNotFound, `No provisioning package ${packageId}`);
    return record;
  }

  /** The WCD customizations.xml, with the bulk token in Accounts/Azure/BPRT, or as the Workplace/Enrollments secret. */
  async customizationsXml(packageId: string): Promise<string> {
    const { passwordHash, bulkTokenId, createdAt, wifi, ...record } = await this.find(packageId);
    const token = await this.usableToken(bulkTokenId, ErrorCode.PackageTokenUnusable);
    return renderCustomizationsXml(
      { ...record, wifi: wifi && { ...wifi, key: wifi.key === undefined ? undefined : this.box.open(wifi.key) } },
      { bulkToken: this.bulkTokens.reveal(token), entraAuthority: this.config.entra.authority, publicUrl: this.config.http.publicUrl },
    );
  }

  /** A package is only worth building while its token can still enroll devices. */
  private async usableToken(tokenId: string, code: ErrorCode) {
    const token = await this.tokens.get(tokenId);
    const state = token ? bulkTokenState(token, Date.now()) : 'unknown';
    if (!token || state !== 'active') throw EnrollmentError.permanent(code, `Bulk token ${tokenId} is ${state}`);
    return token;
  }
}
