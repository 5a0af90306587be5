import { barePipelineMeasurement } from './bare-pipeline.measurement';
import { bulkWaveMeasurement } from './bulk-wave.measurement';
import { dvrjThroughputMeasurement } from './dvrj-throughput.measurement';
import { forgeSigningMeasurement } from './forge-signing.measurement';
import { latencyMeasurement } from './latency.measurement';
import { layoutsMeasurement } from './layouts.measurement';
import { managementSessionsMeasurement } from './management-sessions.measurement';
import { Measurement } from './measurement';
import { mde2ThroughputMeasurement } from './mde2-throughput.measurement';
import { nativeRsaSignMeasurement } from './native-rsa-sign.measurement';
import { opensslSpeedMeasurement } from './openssl-speed.measurement';
import { populatedDirectoryMeasurement } from './populated-directory.measurement';
import { productSigningMeasurement } from './product-signing.measurement';
import { throughputMeasurement } from './throughput.measurement';

/**
 * Every measurement, in the order they run: CPU-only ones first, then the bare pipeline, then the
 * product (the layout comparison, then the figures of the chosen layout; the last one fills the directory).
 */
export const MEASUREMENTS: readonly Measurement[] = [
  nativeRsaSignMeasurement,
  opensslSpeedMeasurement,
  productSigningMeasurement,
  forgeSigningMeasurement,
  barePipelineMeasurement,
  layoutsMeasurement,
  throughputMeasurement,
  mde2ThroughputMeasurement,
  dvrjThroughputMeasurement,
  managementSessionsMeasurement,
  latencyMeasurement,
  bulkWaveMeasurement,
  populatedDirectoryMeasurement,
];
