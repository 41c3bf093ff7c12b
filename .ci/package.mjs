#!/usr/bin/env node
/**
 * `npm run package [-- --out DIR]`: the offline install package for an intranet (政务内网) machine,
 * hall-VERSION-PLATFORM-ARCH.tar.gz (e.g. hall-0.1.0-linux-x64.tar.gz), written to DIR (default: the
 * current directory). Run it after `npm ci` on a machine with internet; it needs no network itself.
 *
 * The tarball unpacks to one directory hall-VERSION/ holding:
 *   bin/hall, bin/hall.js  the launcher (sh, checks the Node major the native module was built for) and the entry;
 *                          bin/hall.cmd for a package built on Windows
 *   dist/                  src/ compiled by tsc into the package (the repo's dist/ is not touched), or --dist DIR
 *   node_modules/          the production dependency closure copied from the installed node_modules,
 *                          better-sqlite3 with only its compiled build/Release/better_sqlite3.node
 *                          (no deps/ sqlite sources, no build intermediates)
 *   fixtures/, README.md   and a package.json with the production fields and the platform/ABI it was built for
 *
 * The native module is built for this machine's platform, CPU and Node ABI (NODE_MODULE_VERSION):
 * a package built with Node 20 on linux-x64 runs with Node 20 on linux-x64 (glibc at least as new
 * as the build machine's), nowhere else. For Windows, run this on a Windows machine (not done here).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: npm run package [-- --out DIR] [--dist DIR]
  --out DIR   where to write hall-VERSION-PLATFORM-ARCH.tar.gz (default: the current directory)
  --dist DIR  package this already compiled dist/ instead of compiling src/ (the tests use the one they just built)`;

function parseArgs(argv) {
  const options = { out: process.cwd(), dist: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (flag !== '--out' && flag !== '--dist') throw new Error(`unknown argument: ${argv[i]}\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (!value) throw new Error(`${flag} needs a directory`);
    options[flag.slice(2)] = resolve(value);
  }
  return options;
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/**
 * Installed only to fetch or build better-sqlite3's binary during `npm install`; never loaded at
 * run time, so they (and what only they pull in) stay out of the package.
 */
const INSTALL_ONLY = new Set(['prebuild-install']);

/** Node's resolution of `name` required from the package at `from`: the nearest node_modules/name up the tree. */
function resolvePackage(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return null;
  }
}

/**
 * The directories of the production dependency closure: dependencies, installed optionalDependencies
 * and non-optional peerDependencies, walked from the project's package.json (devDependencies never).
 */
function productionClosure(pkg) {
  const found = new Set();
  const walk = (dir, manifest) => {
    const optionalPeers = manifest.peerDependenciesMeta ?? {};
    const required = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}).filter((n) => !optionalPeers[n]?.optional)];
    const optional = Object.keys(manifest.optionalDependencies ?? {});
    for (const name of [...required, ...optional]) {
      if (INSTALL_ONLY.has(name)) continue;
      const location = resolvePackage(name, dir);
      if (!location) {
        if (optional.includes(name)) continue;
        throw new Error(`${name} (needed by ${manifest.name ?? 'hall'}) is not installed: run npm ci first`);
      }
      if (found.has(location)) continue;
      found.add(location);
      walk(location, readJson(join(location, 'package.json')));
    }
  };
  walk(root, pkg);
  return [...found].sort();
}

/** better-sqlite3 at run time needs its package.json, lib/ and the compiled addon; bindings finds it in build/Release. */
function keepInBetterSqlite(relativePath) {
  const parts = relativePath.split(sep);
  if (parts[0] === 'build') return parts.length === 1 || (parts[1] === 'Release' && (parts.length === 2 || parts[2] === 'better_sqlite3.node'));
  return parts[0] === '' || parts[0] === 'package.json' || parts[0] === 'lib' || parts[0] === 'LICENSE';
}

function copyPackage(from, to) {
  const isBetterSqlite = from.endsWith(`${sep}better-sqlite3`) && readJson(join(from, 'package.json')).name === 'better-sqlite3';
  cpSync(from, to, {
    recursive: true,
    filter: (source) => {
      const inside = relative(from, source);
      // Nested node_modules are copied as packages of their own, and only if in the closure.
      if (inside.split(sep).includes('node_modules')) return false;
      return !isBetterSqlite || keepInBetterSqlite(inside);
    },
  });
}

function launcher(nodeMajor, abi) {
  return `#!/bin/sh
# hall launcher (offline package). The bundled better-sqlite3 was compiled for Node.js ${nodeMajor}
# (NODE_MODULE_VERSION ${abi}); it runs bin/hall.js with the \`node\` on PATH, or $HALL_NODE if set.
self=$(readlink -f "$0" 2>/dev/null || printf '%s' "$0")
node=\${HALL_NODE:-node}
version=$("$node" --version 2>/dev/null) || {
  echo "hall: 找不到 Node.js（需要 Node.js ${nodeMajor}）：请安装后把它的 bin 目录加入 PATH，或用 HALL_NODE 指明 node 的路径" >&2
  exit 1
}
case "$version" in
  v${nodeMajor}.*) ;;
  *)
    echo "hall: 本安装包需要 Node.js ${nodeMajor}（其中的 better-sqlite3 为 Node.js ${nodeMajor} 编译），当前 $node 是 $version" >&2
    exit 1
    ;;
esac
exec "$node" "$(dirname "$self")/hall.js" "$@"
`;
}

function main() {
  const { out, dist } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const pkg = readJson(join(root, 'package.json'));
  const target = `${process.platform}-${process.arch}`;
  const nodeMajor = process.versions.node.split('.')[0];
  const abi = process.versions.modules;
  const name = `hall-${pkg.version}`;
  const tarball = join(out, `${name}-${target}.tar.gz`);

  const addon = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(addon)) throw new Error(`${addon} is missing: run npm ci (it compiles better-sqlite3) first`);

  const work = mkdtempSync(join(tmpdir(), 'hall-package-'));
  try {
    const stage = join(work, name);
    mkdirSync(stage);

    if (dist) {
      if (!existsSync(join(dist, 'cli', 'main.js'))) throw new Error(`${dist} holds no cli/main.js: not a compiled dist/`);
      cpSync(dist, join(stage, 'dist'), { recursive: true });
    } else {
      // Compile into the stage, not into the repo's dist/: the package holds exactly what src/ compiles to now.
      const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
      execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(stage, 'dist')], { cwd: root, stdio: 'inherit' });
    }

    mkdirSync(join(stage, 'bin'));
    cpSync(join(root, 'bin', 'hall.js'), join(stage, 'bin', 'hall.js'));
    writeFileSync(join(stage, 'bin', 'hall'), launcher(nodeMajor, abi));
    chmodSync(join(stage, 'bin', 'hall'), 0o755);
    chmodSync(join(stage, 'bin', 'hall.js'), 0o755);
    // For a package built on Windows (untested here): hall.cmd runs bin\hall.js with the node on PATH.
    writeFileSync(join(stage, 'bin', 'hall.cmd'), '@node "%~dp0hall.js" %*\r\n');
    cpSync(join(root, 'fixtures'), join(stage, 'fixtures'), { recursive: true });
    cpSync(join(root, 'README.md'), join(stage, 'README.md'));

    const manifest = {
      name: pkg.name,
      version: pkg.version,
      description: pkg.description,
      type: pkg.type,
      license: pkg.license,
      bin: { hall: 'bin/hall.js' },
      engines: { node: `${nodeMajor}.x` },
      os: [process.platform],
      cpu: [process.arch],
      dependencies: pkg.dependencies,
      // What the bundled native module was built for, so a support call can read it off the machine.
      hallPackage: { platform: target, node: process.versions.node, nodeModuleVersion: abi, builtAt: new Date().toISOString() },
    };
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

    const closure = productionClosure(pkg);
    for (const dir of closure) copyPackage(dir, join(stage, relative(root, dir)));

    mkdirSync(out, { recursive: true });
    // Owner root and sorted names: the same inputs give the same listing wherever it is built.
    // (GNU tar options; elsewhere — Windows' tar.exe, macOS — plain tar.)
    const gnu = process.platform === 'linux' ? ['--sort=name', '--owner=0', '--group=0', '--numeric-owner'] : [];
    execFileSync('tar', [...gnu, '-czf', tarball, '-C', work, name], { stdio: 'inherit' });

    const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
    const staged = readdirSync(stage, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .reduce((sum, entry) => sum + statSync(join(entry.parentPath ?? entry.path, entry.name)).size, 0);
    console.log(
      `${tarball}\n  ${mb(statSync(tarball).size)} (${mb(staged)} unpacked), ${closure.length} packages, ` +
        `Node ${nodeMajor} (NODE_MODULE_VERSION ${abi}) ${target}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(`npm run package: ${error.message}`);
  process.exit(1);
}
