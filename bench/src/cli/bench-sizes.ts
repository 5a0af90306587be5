import { RECOMMENDED_LAYOUT } from './layout';

/** How big each measurement is: the full run, or the smoke run that only proves every measurement works. */
export interface BenchSizes {
  reps: number;
  /** Enrollments sent to a newly started service before anything is timed (JIT, connections, CA load). */
  warmup: number;
  /** Requests in flight at once when sending as fast as possible (the simulator's concurrency). */
  inFlight: number;
  throughputEnrollments: number;
  layoutEnrollments: number;
  layoutCandidates: string[];
  latencyRate: number;
  latencyRequests: number;
  waveDevices: number;
  seededDevices: number;
  populatedEnrollments: number;
  /** Bulk devices per run of each protocol (JSON, then MS-MDE2, taking turns) in the MS-MDE2 comparison. */
  mde2Enrollments: number;
  /** Workplace Joins per run of each protocol (JSON, then MS-DVRJ, taking turns) in the MS-DVRJ comparison. */
  dvrjRegistrations: number;
  /** Devices enrolled over MS-MDE2 once for the management sessions measurement. */
  managementDevices: number;
  /** Sessions each of those devices opens per run. */
  managementSessions: number;
  bareEnrollments: number;
  /** How long each in-process signing loop runs. */
  cryptoSeconds: number;
  opensslSeconds: number;
  deviceKeys: number;
}

export const FULL_SIZES: BenchSizes = {
  reps: 3,
  warmup: 300,
  inFlight: 128,
  throughputEnrollments: 3000,
  layoutEnrollments: 2000,
  layoutCandidates: ['1+1x16', '1+1x64', RECOMMENDED_LAYOUT, '1+2x64'],
  latencyRate: 100,
  latencyRequests: 2000,
  waveDevices: 10000,
  seededDevices: 100000,
  populatedEnrollments: 3000,
  mde2Enrollments: 2000,
  dvrjRegistrations: 2000,
  managementDevices: 1000,
  managementSessions: 3,
  bareEnrollments: 3000,
  cryptoSeconds: 3,
  opensslSeconds: 3,
  deviceKeys: 16,
};

export const SMOKE_SIZES: BenchSizes = {
  reps: 1,
  warmup: 0,
  inFlight: 32,
  throughputEnrollments: 50,
  layoutEnrollments: 30,
  layoutCandidates: ['1+1x16', RECOMMENDED_LAYOUT],
  latencyRate: 100,
  latencyRequests: 50,
  waveDevices: 50,
  seededDevices: 1000,
  populatedEnrollments: 50,
  mde2Enrollments: 20,
  dvrjRegistrations: 20,
  managementDevices: 10,
  managementSessions: 1,
  bareEnrollments: 50,
  cryptoSeconds: 0.3,
  opensslSeconds: 1,
  deviceKeys: 4,
};
