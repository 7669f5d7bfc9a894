/**
 * Who used the machine's CPU during the timed run: utime + stime from /proc of every process,
 * grouped as the hub (its pid and its children: the workers of `ZZ_WORKERS`), PostgreSQL, Kafka (the JVM), this load generator, and the rest —
 * the rest taken from the machine's total busy time (/proc/stat), so processes that started and
 * ended inside the window (a neighbour's compiler, say) are counted too. On a machine the
 * services share, this says whether the hub or its neighbours are the limit.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export type CpuGroups = Record<'hub' | 'postgres' | 'kafka' | 'load generator' | 'other', number>;

/** The processes to tell apart: other sessions may run their own PostgreSQL and Kafka here. */
export interface CpuOwners {
  hubPid: number;
  /** Data directory of the PostgreSQL cluster the hub uses: its postmaster and that one's children. */
  postgresDataDir?: string;
  /** Data directory of the Kafka broker the hub uses. */
  kafkaDataDir?: string;
}

interface Proc {
  pid: number;
  ppid: number;
  seconds: number;
  cmdline: string;
}

/** CPU seconds used so far by each group of live processes. */
export function cpuSnapshot(owners: CpuOwners): CpuGroups {
  const procs = readProcesses();
  const postmaster =
    owners.postgresDataDir &&
    procs.find((p) => p.cmdline.includes('postgres') && p.cmdline.includes(owners.postgresDataDir as string))?.pid;
  const groups: CpuGroups = { hub: 0, postgres: 0, kafka: 0, 'load generator': 0, other: machineBusySeconds() };
  for (const p of procs) {
    const group =
      p.pid === owners.hubPid || p.ppid === owners.hubPid
        ? 'hub'
        : p.pid === process.pid
          ? 'load generator'
          : postmaster !== undefined && (p.pid === postmaster || p.ppid === postmaster)
            ? 'postgres'
            : owners.kafkaDataDir && p.cmdline.includes('kafka.Kafka') && p.cmdline.includes(owners.kafkaDataDir)
              ? 'kafka'
              : undefined;
    if (group === undefined) continue;
    groups[group] += p.seconds;
    groups.other -= p.seconds;
  }
  return groups;
}

export function cpuUsedBetween(before: CpuGroups, after: CpuGroups): CpuGroups {
  const used = { ...after };
  for (const key of Object.keys(used) as (keyof CpuGroups)[]) used[key] = Math.max(0, after[key] - before[key]);
  return used;
}

function readProcesses(): Proc[] {
  const procs: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // comm may hold spaces and parentheses: the fields after it start at the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      procs.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
        cmdline,
      });
    } catch {
      // exited meanwhile
    }
  }
  return procs;
}

/** All CPUs' non-idle time since boot: user, nice, system, irq, softirq, steal. */
function machineBusySeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}
