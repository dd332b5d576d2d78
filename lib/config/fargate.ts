/** CPU units -> memory sizes (MiB) Fargate offers for that CPU (Linux tasks; ECS API reference, RegisterTaskDefinition "memory"). */
const range = (from: number, to: number, step: number) => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

export const FARGATE_CPU_MEMORY: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** Describes the memory Fargate allows for a CPU size, for error messages. */
export function describeMemoryFor(cpu: number): string {
  const sizes = FARGATE_CPU_MEMORY[cpu];
  if (!sizes) return `cpu must be one of ${Object.keys(FARGATE_CPU_MEMORY).join(', ')}`;
  return sizes.length <= 3 ? sizes.join(', ') : `${sizes[0]}-${sizes[sizes.length - 1]} in steps of ${sizes[1] - sizes[0]}`;
}
