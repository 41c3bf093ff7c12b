/** The process entry: real streams and environment in, exit code out. */
import { run } from './app.js';

// The reader went away (`hall items export | head -3`, `less` quit): stop writing and
// leave quietly with success, as Unix tools do. Anything the command committed stays.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
process.exitCode = code;
