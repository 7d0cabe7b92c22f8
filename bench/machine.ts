import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { ROOT } from './paths.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  os: string;
  /** 1-minute load average when the run started and ended: the machine is shared. */
  loadAverage: { start: number; end?: number };
  git: { commit: string; dirty: boolean };
}

function cpuModel(): string {
  try {
    return (
      /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ??
      os.cpus()[0]?.model ??
      'unknown'
    );
  } catch {
    return os.cpus()[0]?.model ?? 'unknown';
  }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

export function describeMachine(): Machine {
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpuModel(),
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: { start: Math.round(os.loadavg()[0]! * 100) / 100 },
    git: {
      commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
      dirty: git(['status', '--porcelain']) !== '',
    },
  };
}

export const currentLoad = (): number => Math.round(os.loadavg()[0]! * 100) / 100;
