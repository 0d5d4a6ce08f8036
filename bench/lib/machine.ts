/**
 * How busy the machine was while the benchmark ran: CPU time of all processes (from /proc/stat, on
 * Linux) against this process's own, so that figures taken on a shared machine can be read.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

export interface MachineWindow {
  /** Share of all CPUs' time spent busy during the run (every process), 0..1; null off Linux. */
  busy: number | null;
  /** Share of all CPUs' time this process used, 0..1. */
  ours: number;
  /** Share of CPU time the hypervisor gave to other guests (steal), 0..1; null off Linux. */
  steal: number | null;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  /** speedProbeMs() at the start and the end: larger on a throttled machine. */
  speedProbeMs: { start: number; end: number };
}

function procStat(): number[] | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    return line.trim().split(/\s+/).slice(1).map(Number);
  } catch {
    return null;
  }
}

/** Starts observing; `end` returns what happened since. */
export function observeMachine(): { end(): MachineWindow } {
  const probeStart = speedProbeMs();
  const stat = procStat();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const loadStart = loadavg().map((l) => Math.round(l * 100) / 100);
  return {
    end() {
      const now = procStat();
      const used = process.cpuUsage(cpu);
      const wallMs = performance.now() - started;
      let busy: number | null = null;
      let steal: number | null = null;
      if (stat && now) {
        const d = now.map((v, i) => v - (stat[i] ?? 0));
        const total = d.slice(0, 8).reduce((s, v) => s + v, 0);
        const idle = (d[3] ?? 0) + (d[4] ?? 0);
        busy = total > 0 ? (total - idle) / total : null;
        steal = total > 0 ? (d[7] ?? 0) / total : null;
      }
      const round3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
      return {
        busy: round3(busy),
        ours: round3((used.user + used.system) / 1000 / (wallMs * cpus().length))!,
        steal: round3(steal),
        loadAverageStart: loadStart,
        loadAverageEnd: loadavg().map((l) => Math.round(l * 100) / 100),
        // After the figures above, which must not count the probe itself.
        speedProbeMs: { start: probeStart, end: speedProbeMs() },
      };
    },
  };
}

/**
 * Milliseconds a fixed pure-JavaScript loop takes (median of three). A throttled virtual machine
 * runs it slower although /proc/stat shows no steal, so result files record it at the start and
 * the end of a run: figures are comparable only between runs with similar probes.
 */
export function speedProbeMs(): number {
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    let sum = 0;
    for (let i = 0; i < 100_000_000; i++) sum += i % 7;
    if (sum < 0) throw new Error('unreachable'); // keeps the loop from being optimised away
    times.push(performance.now() - started);
  }
  return Math.round(times.sort((a, b) => a - b)[1]!);
}
