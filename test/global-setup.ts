/**
 * Vitest global setup: compiles src/ to dist/ once before the run (and again before each
 * watch-mode rerun), so the tests that run the real binary or import dist/ (binary,
 * register-terminal, concurrency) never run against a stale build, however vitest is started.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

const ROOT = resolve(import.meta.dirname, '..');

function build(): void {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8' });
  if (result.error) throw new Error(`could not run ${tsc}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim();
    throw new Error(`tsc -p tsconfig.build.json failed (exit ${result.status ?? result.signal}); dist/ may be stale, so no tests were run:\n${output}`);
  }
}

export default function setup(project: TestProject): void {
  build();
  project.onTestsRerun(build);
}
