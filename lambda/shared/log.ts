/** One JSON object per line, which CloudWatch Logs Insights parses into fields. */
export type Logger = (entry: Readonly<Record<string, unknown>>) => void;

export const jsonLogger: Logger = (entry) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};
