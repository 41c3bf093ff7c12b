// One clerk process for the concurrency test: registers and advances cases through the
// compiled CLI entry, and prints what it got as JSON. Usage: node concurrency-worker.mjs DB NAME COUNT
import { run } from '../dist/cli/app.js';

const [db, name, count] = process.argv.slice(2);
const out = { numbers: [], failures: [] };
const capture = () => ({
  text: '',
  write(chunk) {
    this.text += chunk;
    return true;
  },
});
async function hall(args) {
  const stdout = capture();
  const stderr = capture();
  const code = await run(['--db', db, ...args, '--format', 'json'], {
    stdout,
    stderr,
    stdin: process.stdin,
    env: { HALL_NOW: '2025-10-09T10:00:00+08:00', HALL_OPERATOR: name },
  });
  if (code !== 0) out.failures.push(`${args.join(' ')} → ${code}: ${stderr.text}`);
  return code === 0 ? JSON.parse(stdout.text) : null;
}
for (let index = 0; index < Number(count); index++) {
  const registered = await hall(['case', 'register', '--item', 'XK10001000', '--applicant', `${name}-${index}`]);
  if (!registered) continue;
  out.numbers.push(registered.number);
  await hall(['case', 'advance', registered.number]);
}
process.stdout.write(JSON.stringify(out));
