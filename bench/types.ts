// The shape every benchmark part follows: bench/run.ts picks parts by name and prints their tables as markdown.
export interface BenchArgs {
  /** Raw arguments after the script name, for part-specific flags (e.g. --sizes). */
  argv: readonly string[];
  /** --quick: smaller sizes for a smoke run. */
  quick: boolean;
}

export interface BenchTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  notes?: string[];
}

export interface BenchPart {
  name: string;
  /** tables, or markdown a part renders itself */
  run(args: BenchArgs): Promise<Array<BenchTable | string>>;
}

/** Value of `--name value` or `--name=value` in argv. */
export function flag(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}`) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

/** Percentile (nearest rank) of an ascending-sorted array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
