import { Command } from 'commander';
import { contextOf } from '../command-context';
import { parseExpiry, parsePositiveInteger } from '../duration';
import { formatTime, keyValues, prettyJson, table } from '../output';

interface BulkTokenView {
  id: string;
  state: string;
  expiresAt: string;
  maxUses: number | null;
  uses: number;
  createdAt: string;
  revokedAt?: string;
}

interface IssuedToken {
  id: string;
  token: string;
  expiresAt: string;
  maxUses: number | null;
}

export function tokensCommand(): Command {
  const tokens = new Command('tokens').description('bulk tokens: the credential that devices applying a provisioning package enroll with');

  tokens
    .command('create')
    .description('issue a bulk token; its value is printed this once and cannot be read back')
    .requiredOption('--expires <when>', 'expiry: a duration from now such as 30d (at most 180d), or an ISO date or date-time (2030-01-31 is midnight UTC)')
    .option('--max-uses <n>', 'how many devices may enroll with it', parsePositiveInteger('--max-uses'))
    .action(async (options: { expires: string; maxUses?: number }, command: Command) => {
      const { client, output } = contextOf(command);
      const expiresAt = parseExpiry(options.expires);
      const issued = await client.json<IssuedToken>('POST', '/v1/bulk-tokens', {
        body: { expiresAt: expiresAt.toISOString(), ...(options.maxUses !== undefined && { maxUses: options.maxUses }) },
      });
      output.out(
        output.json
          ? prettyJson(issued)
          : keyValues([
              ['token', issued.token],
              ['id', issued.id],
              ['expires', formatTime(issued.expiresAt)],
              ['max uses', issued.maxUses ?? 'unlimited'],
            ]),
      );
      output.err('warning: the token is shown only once; it is stored hashed and cannot be read back. Keep it safe, or revoke it.');
    });

  tokens
    .command('list')
    .description('list bulk tokens with their state and uses (never their values)')
    .action(async (_options: unknown, command: Command) => {
      const { client, output } = contextOf(command);
      const items = await client.listAll<BulkTokenView>('/v1/bulk-tokens');
      output.out(output.json ? prettyJson(items) : tokenTable(items));
    });

  tokens
    .command('revoke')
    .description('revoke a bulk token at once: devices still waiting to enroll with it fail')
    .argument('<id>', 'the token id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, output } = contextOf(command);
      const revoked = await client.json<BulkTokenView>('DELETE', `/v1/bulk-tokens/${encodeURIComponent(id)}`);
      output.out(output.json ? prettyJson(revoked) : `revoked ${revoked.id} (${revoked.state} since ${formatTime(revoked.revokedAt)})`);
    });

  return tokens;
}

export function tokenTable(items: readonly BulkTokenView[]): string {
  if (items.length === 0) return 'no bulk tokens';
  return table(
    ['ID', 'STATE', 'USES', 'MAX USES', 'EXPIRES', 'CREATED'],
    items.map((token) => [token.id, token.state, token.uses, token.maxUses ?? 'unlimited', formatTime(token.expiresAt), formatTime(token.createdAt)]),
  );
}
