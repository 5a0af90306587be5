import { Command } from 'commander';
import { contextOf } from '../command-context';
import { formatTime, prettyJson, table } from '../output';

/** A Configuration Manager record as GET /v1/inventory/devices answers it. */
export interface InventoryView {
  name: string;
  serialNumber?: string;
  smbiosGuid?: string;
  resourceId?: number;
  adSite?: string;
  createdAt: string;
  updatedAt: string;
}

export function inventoryCommand(): Command {
  const inventory = new Command('inventory').description('the Configuration Manager device inventory (filled by devices import)');

  inventory
    .command('list')
    .description('list the imported devices, in import order')
    .action(async (_options: unknown, command: Command) => {
      const { client, output } = contextOf(command);
      const items = await client.listAll<InventoryView>('/v1/inventory/devices');
      output.out(output.json ? prettyJson(items) : inventoryTable(items));
    });

  return inventory;
}

export function inventoryTable(items: readonly InventoryView[]): string {
  if (items.length === 0) return 'no devices in the inventory (enrollctl devices import <file.csv> adds them)';
  return table(
    ['NAME', 'SERIAL NUMBER', 'SMBIOS GUID', 'RESOURCE ID', 'AD SITE', 'UPDATED'],
    items.map((item) => [item.name, item.serialNumber, item.smbiosGuid, item.resourceId, item.adSite, formatTime(item.updatedAt)]),
  );
}
