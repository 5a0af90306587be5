import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { MAX_INVENTORY_BATCH } from '@app/enrollment/inventory/inventory-device.schema';
import { ApiClient, ApiError } from '../api-client';
import { CliError, ExitCode } from '../cli-error';
import { contextOf } from '../command-context';
import { parsePositiveInteger } from '../duration';
import { importProgress } from '../inventory/import-progress';
import { InventoryRow, parseInventoryCsv, RejectedRow } from '../inventory/inventory-csv';
import { consoleOutput, Output, prettyJson } from '../output';

// About 150 bytes of JSON a device: 200 stay well under the API's 64 kB body limit.
const DEFAULT_BATCH = 200;

interface ImportAnswer {
  created: number;
  updated: number;
  unchanged: number;
  rejected: Array<{ index: number; code: string; message: string }>;
}

export interface ImportSummary {
  file: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
}

/** `devices import`: the inventory from a Configuration Manager export. */
export function devicesImportCommand(): Command {
  return new Command('import')
    .description('import devices from a Configuration Manager CSV export')
    .argument('<file.csv>', 'the export: Name and Serial Number or SMBIOS GUID columns, optionally Resource ID and AD Site Name')
    .option('--batch-size <n>', `devices per API call (at most ${MAX_INVENTORY_BATCH})`, parsePositiveInteger('--batch-size'), DEFAULT_BATCH)
    .option('--dry-run', 'check the file and report bad rows, import nothing')
    .addHelpText(
      'after',
      `
Columns are matched by name, ignoring case, spaces and underscores: Name (or NetBIOS Name), SMBIOS GUID,
Serial Number, Resource ID, AD Site Name. Comma, semicolon and tab separated files are read, with or
without Excel's byte order mark. Devices are matched by serial number, else by SMBIOS GUID, so
importing the same export again changes nothing.

Exit status: 0 every row imported, 2 some rows rejected (each one reported with its line number; the
others are imported), 1 the import failed (unreadable file, API error).`,
    )
    .action(async (file: string, options: { batchSize: number; dryRun?: boolean }, command: Command) => {
      if (options.batchSize > MAX_INVENTORY_BATCH) throw new CliError(`--batch-size must be at most ${MAX_INVENTORY_BATCH}`);
      const csv = parseInventoryCsv(readInput(file));
      const summary: ImportSummary = { file, rows: csv.rows.length + csv.rejected.length, created: 0, updated: 0, unchanged: 0, rejected: [...csv.rejected] };
      const context = options.dryRun ? undefined : contextOf(command);
      const output = context?.output ?? consoleOutput(Boolean(command.optsWithGlobals().json));
      if (context) await upload(context.client, csv.rows, options.batchSize, summary, output);
      summary.rejected.sort((a, b) => a.line - b.line);
      report(summary, output, Boolean(options.dryRun), csv.rows.length);
      process.exitCode = summary.rejected.length > 0 ? ExitCode.RowsRejected : ExitCode.Ok;
    });
}

function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function upload(client: ApiClient, rows: InventoryRow[], batchSize: number, summary: ImportSummary, output: Output): Promise<void> {
  const progress = importProgress();
  progress.start(rows.length);
  let done = 0;
  let size = batchSize;
  try {
    while (done < rows.length) {
      const batch = rows.slice(done, done + size);
      let answer: ImportAnswer;
      try {
        // Upserts: sending a batch again after a lost answer creates nothing twice.
        answer = await client.json<ImportAnswer>('POST', '/v1/inventory/devices', { body: { devices: batch.map((row) => row.device) }, idempotent: true });
      } catch (error) {
        // Long names and sites can make a batch outgrow the API's body limit: send it in halves.
        if (error instanceof ApiError && error.status === 413 && batch.length > 1) {
          size = Math.ceil(batch.length / 2);
          continue;
        }
        throw error;
      }
      summary.created += answer.created;
      summary.updated += answer.updated;
      summary.unchanged += answer.unchanged;
      for (const refused of answer.rejected) summary.rejected.push({ line: batch[refused.index].line, reason: `${refused.code}: ${refused.message}` });
      done += batch.length;
      progress.advance(done);
    }
  } catch (error) {
    progress.stop();
    output.err(
      `stopped after ${done} of ${rows.length} devices (${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged); importing the file again is safe`,
    );
    throw error;
  }
  progress.stop();
}

function report(summary: ImportSummary, output: Output, dryRun: boolean, validRows: number): void {
  if (output.json) {
    output.out(prettyJson(dryRun ? { file: summary.file, rows: summary.rows, valid: validRows, rejected: summary.rejected } : summary));
    return;
  }
  for (const row of summary.rejected) output.err(`line ${row.line}: ${row.reason}`);
  const rejected = summary.rejected.length;
  if (dryRun) {
    output.out(`${summary.file}: ${summary.rows} rows, ${validRows} valid, ${rejected} rejected (dry run: nothing imported)`);
    return;
  }
  const imported = summary.created + summary.updated + summary.unchanged;
  output.out(
    `imported ${imported} of ${summary.rows} rows from ${summary.file}: ${summary.created} created, ${summary.updated} updated, ` +
      `${summary.unchanged} unchanged, ${rejected} rejected`,
  );
}
