/** What a process costs, read from Linux's /proc: benchmarks report CPU and memory per process. */
import { readFileSync } from 'node:fs';

/** Linux: VmRSS from /proc/<pid>/status (the process alone; the Temporal CLI and FerretDB are single processes). */
export function processRssMiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Linux: utime + stime of a process from /proc (fields 14 and 15, in clock ticks of 1/100 s). */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
