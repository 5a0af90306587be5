import { DeviceObject, ManagedDevice } from '@app/enrollment';
import { deviceView, DeviceViewSchema } from './request.views';

const device: DeviceObject = {
  id: '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a',
  trustType: 'AzureAd',
  status: 'active',
  deviceId: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
  displayName: 'CONTOSO-0042',
  osVersion: '10.0.19045.2006',
  serialNumber: 'A1B2C3',
  enrollmentType: 'windowsBulkUserless',
  certificate: { serialNumber: '0a', thumbprint: 'AA', notAfter: '2031-01-01T00:00:00.000Z' },
  requestId: '6f1c3a52-8b7e-4d21-9a0f-2c4b6d8e0f13',
  registeredAt: '2030-01-01T00:00:00.000Z',
};

describe(deviceView.name, () => {
  it('shows no management block for a device that never opened a management session', () => {
    expect(deviceView(device, null).management).toBeUndefined();
    expect(JSON.parse(JSON.stringify(deviceView(device)))).not.toHaveProperty('management');
  });

  it("shows the management server's record: check-ins, inventory, unenrollment, and only the inventory's own fields", () => {
    const managed = {
      deviceObjectId: device.id,
      mdmDeviceId: 'A1B2C3',
      lastCheckInAt: '2030-01-02T10:00:00.000Z',
      sessions: 3,
      inventory: { osVersion: '10.0.19045.2965', model: 'Surface', clientNonce: 'leaked?' },
      inventoryAt: '2030-01-01T10:00:00.000Z',
      unenrollRequestedAt: '2030-01-03T10:00:00.000Z',
      clientNonce: 'sealed-nonce',
    } as ManagedDevice;

    const view = deviceView(device, managed);

    expect(view.management).toEqual({
      mdmDeviceId: 'A1B2C3',
      lastCheckInAt: '2030-01-02T10:00:00.000Z',
      sessions: 3,
      inventory: { osVersion: '10.0.19045.2965', model: 'Surface' },
      inventoryAt: '2030-01-01T10:00:00.000Z',
      unenrollRequestedAt: '2030-01-03T10:00:00.000Z',
    });
    expect(JSON.stringify(view)).not.toContain('nonce');
    expect(DeviceViewSchema.safeParse(view).success).toBe(true);
  });
});
