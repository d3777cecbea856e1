// How every command-line tool ends: its main's number is the exit status; a configuration error is
// printed as its message (it names the variable), anything else with its stack.
import { ConfigError } from '../config.js';

export function runCli(main: (args: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof ConfigError ? err.message : err);
      process.exit(1);
    },
  );
}
