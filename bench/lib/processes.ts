// Child processes for the benchmarks that need a real server: started with its own Node,
// ready when it prints its listening line, stopped by its process id.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Child {
  url: string;
  process: ChildProcess;
  /** The last lines it printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Spawns `node <args>` in the repository and waits for a line matching `ready` (its group 1 is the URL). */
export function startChild(
  name: string,
  args: string[],
  ready: RegExp,
  env: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<Child> {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const output = () => lines.slice(-40).join('\n');
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(force);
        done();
      });
      child.kill('SIGTERM');
    });
  return new Promise<Child>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${name} did not start within ${timeoutMs / 1000} s:\n${output()}`));
    }, timeoutMs);
    let started = false;
    // Both streams are read to the end, so a chatty child never blocks on a full pipe.
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        lines.push(line);
        if (lines.length > 200) lines.splice(0, 100);
        const match = started ? null : ready.exec(line);
        if (match) {
          started = true;
          clearTimeout(timer);
          resolve({ url: match[1]!, process: child, output, stop });
        }
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code, signal) => {
      if (started) return;
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${output()}`));
    });
  });
}
