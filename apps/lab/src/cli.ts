import { benchCommand } from './commands/bench.ts';
import type { Command } from './commands/command.ts';
import { communityEdgeCommand } from './commands/community-edge.ts';
import { crowdCommand } from './commands/crowd.ts';
import { experimentCommand } from './commands/experiment.ts';
import { metricsCommand } from './commands/metrics.ts';
import { replayCommand } from './commands/replay.ts';
import { simulateCommand } from './commands/simulate.ts';
import { isLabError } from './lab-error.ts';

const COMMANDS: readonly Command[] = [
  simulateCommand,
  communityEdgeCommand,
  crowdCommand,
  experimentCommand,
  replayCommand,
  metricsCommand,
  benchCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'crowdbandit lab — simulations, offline replay on real logs, metrics and benchmarks',
    '',
    'usage: npm run lab -- <command> [options]     (<command> --help for its options)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/**
 * Runs the lab command named by the first argument.
 *
 * @example
 * await main(['simulate', '--quick']);
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(help());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    console.error(`unknown command ${JSON.stringify(name)}\n\n${help()}`);
    return 2;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    if (isLabError(error)) {
      console.error(`lab ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
