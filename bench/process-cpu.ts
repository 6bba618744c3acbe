/** A process's figures from Linux's `/proc`, for the benchmarks that weigh one process against another. */
import { readFileSync } from 'node:fs';

/** USER_HZ: `getconf CLK_TCK` is 100 on Linux. */
export const CLOCK_TICKS_PER_SECOND = 100;

/**
 * The fields of a `/proc/<pid>/stat` line after the command name, from the state (field 3) on:
 * the name is in parentheses and may hold spaces, so they start after the last ')'.
 */
export function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU time (user + system) of a live process so far, in ms. */
export function cpuMs(pid: number): number {
  const fields = statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}
