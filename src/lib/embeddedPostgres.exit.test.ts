import { spawn } from 'node:child_process';
import { projectRoot } from '../../config/env.js';

describe('loading the embedded PostgreSQL module', () => {
  it('lets a process forked with an IPC channel exit by itself', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "await import('./src/lib/embeddedPostgres.ts');"], {
      cwd: projectRoot,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))),
      new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), 20_000))),
    ]);
    clearTimeout(timer);
    if (outcome === 'still running') child.kill('SIGKILL');
    expect({ outcome, stderr }).toEqual({ outcome: 0, stderr: '' });
  });
});
