import type { BenchContext } from '../bench-context';
import type { ServiceUnderTest } from '../harness/service-under-test';
import type { LoadPlan, SimulationReport } from '../harness/simulation';

type Cpu = Array<{ name: string; cores: number }>;

/** Each protocol's reports over the repetitions, and the CPU of each of its runs. */
export interface ProtocolRuns<P> {
  reports: Map<P, SimulationReport[]>;
  cpu: Map<P, Cpu[]>;
}

/**
 * Loads one service with each protocol once per repetition, the first protocol of each repetition taking
 * turns (so neither always runs on a warmer service), metering the CPU from each run's first completion.
 */
export async function protocolsInTurn<P>(
  context: BenchContext,
  service: ServiceUnderTest,
  protocols: readonly P[],
  plan: (protocol: P) => Omit<LoadPlan, 'inFlight' | 'keyPoolSize' | 'onProgress'>,
  describe: (protocol: P, report: SimulationReport) => string,
): Promise<ProtocolRuns<P>> {
  const meter = await context.cpuMeter(service.processes);
  const runs: ProtocolRuns<P> = { reports: new Map(protocols.map((p) => [p, []])), cpu: new Map(protocols.map((p) => [p, []])) };
  for (let rep = 0; rep < context.sizes.reps; rep++) {
    for (const protocol of rep % 2 === 0 ? protocols : [...protocols].reverse()) {
      let metering = false;
      const onProgress = () => {
        if (metering) {
          meter.mark();
          return;
        }
        meter.begin();
        metering = true;
      };
      const report = await context.load(service, { ...plan(protocol), onProgress });
      runs.cpu.get(protocol)!.push(meter.end());
      runs.reports.get(protocol)!.push(report);
      context.log(describe(protocol, report));
    }
  }
  return runs;
}
