/** A lab command: `npm run lab -- <name> [options]`. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full help text. */
  readonly usage: string;
  run(args: readonly string[]): Promise<void>;
}
