import { describeMemoryFor, FARGATE_CPU_MEMORY } from '../../lib/config/fargate';

const GiB = 1024;

describe('Fargate sizes', () => {
  test('memory per CPU size is the table of the ECS task definition reference', () => {
    expect(Object.keys(FARGATE_CPU_MEMORY).map(Number)).toEqual([256, 512, 1024, 2048, 4096, 8192, 16384]);
    expect(FARGATE_CPU_MEMORY[256]).toEqual([512, 1024, 2048]);
    expect(FARGATE_CPU_MEMORY[512]).toEqual([1024, 2048, 3072, 4096]);
    expect(FARGATE_CPU_MEMORY[1024]).toEqual([2048, 3072, 4096, 5120, 6144, 7168, 8192]);
    const steps = (from: number, to: number, step: number) => [from, from + step, to - step, to, (to - from) / step + 1];
    const summary = (sizes: readonly number[]) => [sizes[0], sizes[1], sizes[sizes.length - 2], sizes[sizes.length - 1], sizes.length];
    expect(summary(FARGATE_CPU_MEMORY[2048])).toEqual(steps(4 * GiB, 16 * GiB, GiB));
    expect(summary(FARGATE_CPU_MEMORY[4096])).toEqual(steps(8 * GiB, 30 * GiB, GiB));
    expect(summary(FARGATE_CPU_MEMORY[8192])).toEqual(steps(16 * GiB, 60 * GiB, 4 * GiB));
    expect(summary(FARGATE_CPU_MEMORY[16384])).toEqual(steps(32 * GiB, 120 * GiB, 8 * GiB));
  });

  test('the memory a CPU size allows reads as a list or a range with its step', () => {
    expect(describeMemoryFor(256)).toBe('512, 1024, 2048');
    expect(describeMemoryFor(512)).toBe('1024-4096 in steps of 1024');
    expect(describeMemoryFor(8192)).toBe('16384-61440 in steps of 4096');
    expect(describeMemoryFor(16384)).toBe('32768-122880 in steps of 8192');
    expect(describeMemoryFor(300)).toBe('cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384');
  });
});
