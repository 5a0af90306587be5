import { BenchContext } from '../bench-context';
import { describeLayout, formatLayout } from '../cli/layout';
import { cpuTable } from '../report/cpu-table';
import { dvrjLatencyLine, dvrjThroughputRows, WORKPLACE_JOIN_PROTOCOLS } from './dvrj-throughput-rows';
import { Measurement, MeasurementOutcome } from './measurement';
import { protocolsInTurn } from './protocols-in-turn';

/** What the same service does for Windows' own registration protocol against the JSON API, Workplace Joins only, turn about. */
export const dvrjThroughputMeasurement: Measurement = {
  name: 'dvrj-throughput',
  title: 'MS-DVRJ against JSON Workplace Join',
  method: (context) =>
    `The device simulator registers ${context.sizes.dvrjRegistrations} user@PCs (one user per Windows PC) per run, as fast as ` +
    `${context.sizes.inFlight} in flight allow, on one service, alternately over the JSON API (\`POST /v1/workplace-joins\`, done ` +
    'when the terminal event arrives on the event stream) and over MS-DVRJ as Windows does it (GET ' +
    "`/EnrollmentServer/contract` for the discovery document, then POST to its RegistrationEndpoint with the user's token, a " +
    "SHA-256 PKCS#10 request and a BCRYPT transport key; done when the certificate in the answer is for the device's key, " +
    'its thumbprint matches and it names the device object), the first protocol of each repetition taking turns. Registration ' +
    'bodies and user tokens are made before each run. With several orchestrators, only the discovery requests are spread: ' +
    'a PC follows the RegistrationEndpoint that the discovery document names. ' +
    `Layout ${describeLayout(context.layout)}; ${context.sizes.reps} repetition(s) of each after a warm-up of each; ` +
    'the figure is completed registrations ÷ (first request sent → last registration done), and the ratio divides the two medians.',
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    const service = await context.sharedService();
    await context.warmUp(service);
    if (context.sizes.warmup > 0) {
      const enrollments = Math.min(context.sizes.warmup, context.sizes.dvrjRegistrations);
      await context.load(service, { enrollments, bulkShare: 0, workplaceProtocol: 'dvrj' });
    }
    const { reports, cpu } = await protocolsInTurn(
      context,
      service,
      WORKPLACE_JOIN_PROTOCOLS.map(({ protocol }) => protocol),
      (protocol) => ({ enrollments: context.sizes.dvrjRegistrations, bulkShare: 0, workplaceProtocol: protocol }),
      (protocol, report) => `${protocol} Workplace Join: ${report.throughputPerSecond.toFixed(1)} registrations/s, p99 ${report.latencyMs.p99.toFixed(0)} ms`,
    );
    return {
      rows: dvrjThroughputRows(reports, formatLayout(context.layout)),
      observations: WORKPLACE_JOIN_PROTOCOLS.map(
        ({ protocol, label }) => `${dvrjLatencyLine(label, reports.get(protocol)!)}. CPU while the PCs registered:\n\n${cpuTable(cpu.get(protocol)!)}`,
      ),
    };
  },
};
