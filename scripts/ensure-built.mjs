#!/usr/bin/env node
// Builds what `npm start` / `npm run orchard` need, only when sources changed since the last build:
// the server bundle (esbuild → dist/main.js) and the web app (vite → web/dist).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');
const quiet = process.argv.includes('--quiet');
const log = (m) => quiet || process.stderr.write(`${m}\n`);

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}
const mtime = (f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);
const pkgTime = Math.max(mtime(path.join(root, 'package.json')), mtime(path.join(root, 'package-lock.json')));

// Server bundle
const serverOut = path.join(root, 'dist', 'main.js');
if (force || !fs.existsSync(serverOut) || Math.max(newest(path.join(root, 'src')), pkgTime) > mtime(serverOut)) {
  log('building server (esbuild)…');
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(root, 'src', 'main.ts')],
    outfile: serverOut,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

// Web app
const webRoot = path.join(root, 'web');
const webOut = path.join(webRoot, 'dist', 'index.html');
if (fs.existsSync(path.join(webRoot, 'index.html'))) {
  const srcTime = Math.max(
    newest(path.join(webRoot, 'src')),
    mtime(path.join(webRoot, 'index.html')),
    mtime(path.join(webRoot, 'vite.config.ts')),
    pkgTime,
  );
  if (force || !fs.existsSync(webOut) || srcTime > mtime(webOut)) {
    log('building web app (vite)…');
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: webRoot,
      stdio: quiet ? 'ignore' : 'inherit',
      // Always a production bundle, even when a test runner (NODE_ENV=test) triggers the build.
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
}
