/** Stable keys of the report's figures, shared by the measurements, the ratios and the targets. */
export const RowKey = {
  e2eThroughput: 'e2e-throughput',
  latencyP50: 'latency-p50',
  latencyP99: 'latency-p99',
  waveDuration: 'wave-duration',
  redisPerDevice: 'redis-per-device',
  throughputEmpty: 'throughput-empty-directory',
  throughputPopulated: 'throughput-populated-directory',
  productSigning: 'product-signing',
  barePipeline: 'bare-pipeline',
  nativeRsaSign: 'native-rsa-sign',
  opensslSpeed: 'openssl-speed',
  forgeSign: 'forge-sign',
  productVsBare: 'product-vs-bare',
  productVsNaive: 'product-vs-naive',
  e2eVsNaive: 'e2e-vs-naive',
  populatedVsEmpty: 'populated-vs-empty',
  jsonBulkThroughput: 'json-bulk-throughput',
  mde2Throughput: 'mde2-throughput',
  mde2VsJsonBulk: 'mde2-vs-json-bulk',
  jsonWorkplaceJoinThroughput: 'json-workplace-join-throughput',
  dvrjThroughput: 'dvrj-throughput',
  dvrjVsJsonWorkplaceJoin: 'dvrj-vs-json-workplace-join',
  managementSessionsEmpty: 'management-sessions-empty',
  managementSessionsGet: 'management-sessions-get',
  bareManagementEmpty: 'bare-management-empty',
  bareManagementGet: 'bare-management-get',
  managementVsBare: 'management-vs-bare',
  managementGetVsBare: 'management-get-vs-bare',
} as const;

/** One row per candidate of the layout comparison. */
export function layoutRowKey(layout: string): string {
  return `layout-${layout}`;
}
