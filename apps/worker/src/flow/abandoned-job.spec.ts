import { ErrorCode } from '@app/enrollment';
import { abandonedJobCode, MAX_STALLED_COUNT } from './abandoned-job';

describe(abandonedJobCode.name, () => {
  it('calls a job that stalled more often than allowed stalled', () => {
    expect(abandonedJobCode({ stalledCounter: MAX_STALLED_COUNT + 1 })).toBe(ErrorCode.JobStalled);
  });

  it('calls any other failure outside the flow internal, whatever its message says', () => {
    expect(abandonedJobCode({ stalledCounter: 0 })).toBe(ErrorCode.Internal);
    expect(abandonedJobCode({ stalledCounter: MAX_STALLED_COUNT })).toBe(ErrorCode.Internal);
  });
});
