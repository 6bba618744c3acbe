/** A process's figures from Linux's `/proc`, for the benchmarks that weigh one process against another. */
import { readdirSync, readFileSync } from 'node:fs';

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

export interface ProcessSample {
  readonly pid: number;
  readonly command: string;
  /** utime + stime, in clock ticks. */
  readonly cpuTicks: number;
  /** Also counting its children that have ended (cutime + cstime): npm's prestart build, for one. */
  readonly treeTicks: number;
  readonly rssKb: number;
}

/** Every live process of a process group, from /proc. */
export function processGroup(pgid: number): ProcessSample[] {
  const out: ProcessSample[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = statFields(stat);
      if (Number(fields[2]) !== pgid) continue;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      out.push({
        pid: Number(entry),
        command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
        cpuTicks: Number(fields[11]) + Number(fields[12]),
        treeTicks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
        rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0),
      });
    } catch {
      // The process ended while we read it.
    }
  }
  return out;
}
