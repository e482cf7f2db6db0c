// Whether an external program is on PATH (for tests that skip, with a message, when an optional tool is absent).
import { spawnSync } from 'node:child_process';

export function hasProgram(name: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { stdio: 'ignore' }).status === 0;
}
