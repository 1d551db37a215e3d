// A CPU profile of another Node.js process of ours, taken through its inspector: the process must have
// started with `--inspect-port=0` (in NODE_OPTIONS), so that SIGUSR1 opens the inspector on a free port
// rather than on 9229, which someone else's process may hold. Only the profiled window is sampled, not the
// process's start-up. The processes are found through /proc (Linux).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The inodes of the sockets listening on `port` (0 for any), with their ports, from /proc/net. */
function listeningSockets(): Map<string, number> {
  const sockets = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // fields: sl, local address, remote address, state (0A is LISTEN), ..., inode at 9.
      if (fields.length < 10 || fields[3] !== '0A') continue;
      sockets.set(fields[9], parseInt(fields[1].split(':').pop()!, 16));
    }
  }
  return sockets;
}

/** The ports that process `pid` listens on. */
export function portsOf(pid: number): number[] {
  const sockets = listeningSockets();
  const ports: number[] = [];
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return ports;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(
        readlinkSync(`/proc/${pid}/fd/${fd}`),
      );
      const port = match && sockets.get(match[1]);
      if (port) ports.push(port);
    } catch {
      // The descriptor closed meanwhile.
    }
  }
  return ports;
}

/** The process of ours that listens on `port`. */
export function pidListeningOn(port: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (portsOf(Number(entry)).includes(port)) return Number(entry);
  }
  throw new Error(`no process of this user listens on port ${port}`);
}

/** A profile as V8's Profiler.stop returns it (the fields read here). */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    hitCount?: number;
    callFrame: {
      functionName: string;
      url: string;
      lineNumber: number;
    };
  }>;
  startTime: number;
  endTime: number;
  samples?: number[];
}

/** A running profile; `stop` ends it and returns it. */
export interface Profiling {
  stop(): Promise<CpuProfile>;
}

/** Opens the inspector of `pid` and starts sampling it every `intervalUs` microseconds. */
export async function startProfiling(
  pid: number,
  intervalUs = 500,
): Promise<Profiling> {
  const before = new Set(portsOf(pid));
  process.kill(pid, 'SIGUSR1');
  let port: number | undefined;
  for (let i = 0; i < 100 && port === undefined; i++) {
    await sleep(100);
    port = portsOf(pid).find(p => !before.has(p));
  }
  if (port === undefined) {
    throw new Error(
      `process ${pid} opened no inspector (started without --inspect-port=0?)`,
    );
  }
  const targets = (await (
    await fetch(`http://127.0.0.1:${port}/json/list`)
  ).json()) as Array<{ webSocketDebuggerUrl: string }>;
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let nextId = 0;
  const pending = new Map<number, (result: any) => void>();
  socket.addEventListener('message', event => {
    const message = JSON.parse(String(event.data));
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<any>(resolve => {
      const id = ++nextId;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: intervalUs });
  await send('Profiler.start');
  return {
    async stop() {
      const { profile } = await send('Profiler.stop');
      socket.close();
      return profile as CpuProfile;
    },
  };
}

/** Where a frame's code lives: a package of node_modules, a workspace package, or V8's own. */
function ownerOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const workspace = /\/(plugins|packages)\/([^/]+)\//.exec(url);
  if (workspace) return `${workspace[1]}/${workspace[2]}`;
  return url.startsWith('node:') ? 'node' : url;
}

/** One row of {@link summarizeProfile}: a frame or an owner, with its self time. */
export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** The self time of the top frames and of their owners (packages), idle time aside. */
export function summarizeProfile(
  profile: CpuProfile,
  top = 20,
): { busyMs: number; wallMs: number; frames: SelfTime[]; owners: SelfTime[] } {
  const total = profile.samples?.length ?? 0;
  const msPerSample = total
    ? (profile.endTime - profile.startTime) / 1000 / total
    : 0;
  const frames = new Map<string, number>();
  const owners = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (!hits || functionName === '(idle)') continue;
    busy += hits;
    const file = url.replace(/^.*\/(node_modules|plugins|packages)\//, '$1/');
    const frame = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    frames.set(frame, (frames.get(frame) ?? 0) + hits);
    const owner = ownerOf(url, functionName);
    owners.set(owner, (owners.get(owner) ?? 0) + hits);
  }
  const rows = (counts: Map<string, number>) =>
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => ({
        name,
        ms: hits * msPerSample,
        share: busy ? hits / busy : 0,
      }));
  return {
    busyMs: busy * msPerSample,
    wallMs: (profile.endTime - profile.startTime) / 1000,
    frames: rows(frames),
    owners: rows(owners),
  };
}
