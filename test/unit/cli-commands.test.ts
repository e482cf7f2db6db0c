// The CLI keeps two lists of its commands: the light table in cli/main.ts (so `kuzet help` and `kuzet hash` start
// without importing every command's dependencies) and cli/commands/index.ts (the command files). A command added
// to one and not the other is either missing from `kuzet help` or cannot be run: they must agree exactly.
import { describe, expect, it } from 'vitest';
import { commandTable, loadCommand } from '../../cli/main.ts';
import { commands } from '../../cli/commands/index.ts';

const key = (c: { path: string[]; summary: string }) => `${c.path.join(' ')} — ${c.summary}`;

describe('the two CLI command lists', () => {
  it('name the same commands with the same summaries (`kuzet help` lists them in the order of the light table)', () => {
    expect(commandTable.map(key).sort()).toEqual(commands.map(key).sort());
  });

  it('each entry of the light table loads the command file with its path', async () => {
    for (const entry of commandTable) {
      const cmd = await loadCommand(entry);
      expect(cmd.path, entry.path.join(' ')).toEqual(entry.path);
      expect(commands, entry.path.join(' ')).toContain(cmd);
    }
  });

  it('no command path is listed twice', () => {
    const paths = commandTable.map((c) => c.path.join(' '));
    expect(paths.filter((p, i) => paths.indexOf(p) !== i)).toEqual([]);
  });
});
