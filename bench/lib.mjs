// Shared pieces of the benchmark harness (bench/run.mjs): timing a whole child process with
// its peak RSS, medians, the machine description, number formatting.
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/**
 * How peak RSS is measured. GNU time reports the child's ru_maxrss from wait4(), which is exact
 * and covers the whole process (worker threads included). Without it we poll VmHWM in
 * /proc/<pid>/status, which can miss a spike in the last few milliseconds before exit.
 */
export function rssMethod() {
  if (existsSync(GNU_TIME)) {
    try {
      const version = execFileSync(GNU_TIME, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      if (/GNU/.test(version)) return { id: 'gnu-time', label: `${GNU_TIME} -v (GNU time${debVersion('time')}), Maximum resident set size` };
    } catch {
      // BusyBox or another time(1) without -v: fall through to polling.
    }
  }
  return { id: 'proc-poll', label: '/proc/<pid>/status VmHWM polled every 10 ms (install Debian\'s "time" package for exact figures)' };
}

function debVersion(pkg) {
  try {
    const v = execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return v ? ` ${v}` : '';
  } catch {
    return '';
  }
}

/**
 * Runs `node <args>` to completion and returns its wall time (s, from spawn to exit, measured
 * here with hrtime), its CPU time (user + system, s; GNU time only), its peak RSS (bytes) and exit code. stdout goes to /dev/null, or to the file
 * `stdoutPath`, or is returned as a string with `capture` (only for commands whose output is
 * small); the last 2 kB of stderr are kept for error messages.
 */
export function measureNode(args, { method, cwd, capture = false, stdoutPath, env = process.env } = {}) {
  const dir = method.id === 'gnu-time' ? mkdtempSync(join(tmpdir(), 'css-bench-time-')) : undefined;
  const timeFile = dir ? join(dir, 'time.txt') : undefined;
  const [cmd, argv] = dir
    ? [GNU_TIME, ['-v', '-o', timeFile, process.execPath, ...args]]
    : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const fd = stdoutPath ? openSync(stdoutPath, 'w') : undefined;
    const child = spawn(cmd, argv, { cwd, env, stdio: ['ignore', capture ? 'pipe' : fd ?? 'ignore', 'pipe'] });
    if (fd !== undefined) closeSync(fd); // the child has its own copy
    let stdout = '';
    let stderr = '';
    if (capture) child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-2048); });
    let polled = 0;
    const poll = dir ? undefined : setInterval(() => { polled = Math.max(polled, readHwm(child.pid)); }, 10);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      if (poll) clearInterval(poll);
      let peakRssBytes = polled;
      let cpuS = NaN;
      if (timeFile) {
        const text = existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '';
        const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
        peakRssBytes = kb ? Number(kb[1]) * 1024 : NaN;
        const user = /User time \(seconds\): ([\d.]+)/.exec(text);
        const sys = /System time \(seconds\): ([\d.]+)/.exec(text);
        if (user && sys) cpuS = Number(user[1]) + Number(sys[1]);
        // GNU time reports the child's status on its first line when it was not 0.
        const status = /Command exited with non-zero status (\d+)/.exec(text);
        if (status && code === 0) code = Number(status[1]);
        rmSync(dir, { recursive: true, force: true });
      }
      resolve({ wallS, cpuS, peakRssBytes, code: code ?? (signal ? 128 : 1), signal, stdout, stderr });
    });
  });
}

function readHwm(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0; // already exited
  }
}

export function median(values) {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** "1e6", "5M", "200k", "300000" → whole number of rows. */
export function parseRows(text) {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)([kKmM]?)$/.exec(String(text).trim());
  const n = m ? Number(m[1]) * ({ k: 1e3, m: 1e6 }[m[2].toLowerCase()] ?? 1) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new Error(`cannot read "${text}" as a number of rows (e.g. 1e6, 5M, 200k, 300000)`);
  return n;
}

/** 1000000 → "1M", 5000000 → "5M", 200000 → "200k", 2500 → "2500". */
export function shortRows(n) {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e4 && n % 1e3 === 0) return `${n / 1e3}k`;
  return String(n);
}

export function machine() {
  const cpuinfo = safeRead('/proc/cpuinfo');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const mhz = /cpu MHz\s*:\s*([\d.]+)/.exec(cpuinfo)?.[1];
  const osName = /PRETTY_NAME="([^"]+)"/.exec(safeRead('/etc/os-release'))?.[1] ?? process.platform;
  return {
    cpu: mhz ? `${model.trim()} @ ${Math.round(Number(mhz))} MHz` : model.trim(),
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${osName}, Linux ${release()}`,
  };
}

function safeRead(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
export const showLoad = (xs) => xs.map((x) => x.toFixed(2)).join(' ');

/** Waits until the 1-minute load average is at most `max`, checking every 15 s, for up to `limitS`. */
export async function waitForLoad(max, limitS, log) {
  const until = Date.now() + limitS * 1000;
  while (loadavg()[0] > max) {
    if (Date.now() > until) {
      log(`load average still ${showLoad(load())} after ${Math.round(limitS / 60)} min; running anyway (figures will be noisy)`);
      return false;
    }
    log(`load average ${showLoad(load())} is above ${max}; waiting 15 s`);
    await new Promise((r) => setTimeout(r, 15_000));
  }
  return true;
}

export const MB = 1e6;
export const fmt = {
  s: (x) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 1) : '–'),
  mb: (bytes) => (Number.isFinite(bytes) ? (bytes / MB).toFixed(bytes < 100 * MB ? 1 : 0) : '–'),
  int: (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–'),
  ratio: (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '–'),
};

/** Left-aligned first columns, right-aligned numbers; plain text so it pastes into Markdown code blocks. */
export function table(header, rows, leftCols = 1) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i < leftCols ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
