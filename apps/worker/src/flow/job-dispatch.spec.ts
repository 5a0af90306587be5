import { Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { dispatchJob, JobHandlers, JobSchemas, parseJob } from './job-dispatch';

interface Jobs {
  greet: { name: string };
  count: { n: number };
}
const schemas: JobSchemas<Jobs> = {
  greet: z.object({ name: z.string().trim() }),
  count: z.object({ n: z.number().int() }),
};
const job = (name: string, data: unknown) => ({ id: '1', name, data }) as Job;

describe(dispatchJob.name, () => {
  const seen: unknown[] = [];
  const handlers: JobHandlers<Jobs> = {
    greet: async (data) => void seen.push(['greet', data.name]),
    count: async (data) => void seen.push(['count', data.n]),
  };
  beforeEach(() => (seen.length = 0));

  it('runs the handler of the job name with the data as its schema parses it', async () => {
    await dispatchJob(job('greet', { name: '  ada  ', extra: true }), schemas, handlers);

    expect(seen).toEqual([['greet', 'ada']]);
  });

  it.each([
    ['an unknown job name', job('launch', {})],
    ['a name inherited from Object', job('toString', {})],
    ['data that does not match the contract', job('count', { n: 'three' })],
  ])('fails for good on %s, running nothing', async (_, bad) => {
    await expect(dispatchJob(bad, schemas, handlers)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(seen).toEqual([]);
  });
});

describe(parseJob.name, () => {
  it('gives the parsed data, or undefined for no job, an unknown name or bad data', () => {
    expect(parseJob(job('count', { n: 2 }), schemas)).toEqual({ n: 2 });
    expect(parseJob(undefined, schemas)).toBeUndefined();
    expect(parseJob(job('other', { n: 2 }), schemas)).toBeUndefined();
    expect(parseJob(job('count', null), schemas)).toBeUndefined();
  });
});
