import { parseCommandStats } from './private-redis';

describe(parseCommandStats.name, () => {
  it('reads calls per command, subcommands included', () => {
    const sut = parseCommandStats(
      '# Commandstats\r\ncmdstat_evalsha:calls=120,usec=900,usec_per_call=7.5,rejected_calls=0,failed_calls=0\r\n' +
        'cmdstat_client|setname:calls=4,usec=2,usec_per_call=0.5\r\ncmdstat_XADD:calls=10,usec=50\r\n',
    );
    expect([...sut]).toEqual([
      ['evalsha', 120],
      ['client|setname', 4],
      ['xadd', 10],
    ]);
  });
});
