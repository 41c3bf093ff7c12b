/** The process entry: real streams and environment in, exit code out. */
import { reportUnexpected, run } from './app.js';
import type { Io } from './context.js';
import { langFromArgv } from './i18n.js';

const argv = process.argv.slice(2);
const io: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };

// The reader went away (`hall items export | head -3`, `less` quit): stop writing and
// leave quietly with success, as Unix tools do. Anything the command committed stays.
// Any other failure of a stream, or an error no command awaited, is a defect: one line, exit 3.
const unexpected = (error: unknown) => {
  if ((error as NodeJS.ErrnoException | null)?.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  try {
    process.exitCode = reportUnexpected(io, langFromArgv(argv), error);
  } catch {
    process.exitCode = 3;
  }
  process.exit();
};
process.stdout.on('error', unexpected);
process.stderr.on('error', unexpected);
process.on('uncaughtException', unexpected);
process.on('unhandledRejection', unexpected);

process.exitCode = await run(argv, io);
