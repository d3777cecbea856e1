// Paths of files shipped with the package, resolved from the package root rather than the working
// directory, so the server and the command-line tools work from anywhere (src/ under tsx, dist/ built).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

export const packageRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
export const migrationsDir = join(packageRoot, 'migrations');
/** PostgreSQL's own numbered migrations (the SQLite ones are migrations/*.sql). */
export const postgresMigrationsDir = join(migrationsDir, 'postgres');
