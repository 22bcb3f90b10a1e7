/**
 * Backup and restore of a whole store: the database (SQLite online backup API, or pg_dump /
 * pg_restore for PostgreSQL) plus everything else under DATA_DIR — blobs, signing keys, key
 * files and the sandbox provider's charge records (itself SQLite, so also copied online).
 * A manifest says what the backup holds; restore refuses a directory without one.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Config } from '../../config.js';

export interface BackupManifest {
  format: 'orchard-backup/1';
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  /** SQLite files copied with the online backup API, relative to DATA_DIR. */
  sqliteFiles: string[];
  /** PostgreSQL custom-format dump, when the store runs on PostgreSQL. */
  pgDump?: string;
  files: number;
}

const isSqliteFile = (name: string) => name.endsWith('.db');
const isSqliteSidecar = (name: string) => /\.db-(wal|shm|journal)$/.test(name);

/** Files under `root` (relative paths), skipping SQLite databases and their sidecars. */
function plainFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const p = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...plainFiles(root, p));
    else if (e.isFile() && !isSqliteFile(e.name) && !isSqliteSidecar(e.name)) out.push(p);
  }
  return out;
}

function pgArgs(config: Config): { url: string; schema?: string } {
  if (config.database.kind !== 'postgres') throw new Error('not a PostgreSQL store');
  return { url: config.database.url, schema: config.database.schema };
}

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.error?.message}`);
}

/** Writes a consistent copy of the store into `dir` (created; must be empty or absent). */
export async function backupStore(config: Config, dir: string): Promise<BackupManifest> {
  fs.mkdirSync(dir, { recursive: true });
  if (fs.readdirSync(dir).length > 0) throw new Error(`${dir} is not empty`);
  const dataDir = path.resolve(config.dataDir);
  const sqliteFiles = fs.existsSync(dataDir) ? fs.readdirSync(dataDir).filter(isSqliteFile) : [];
  const target = path.join(dir, 'data');
  fs.mkdirSync(target, { recursive: true });
  for (const f of sqliteFiles) {
    const src = new SqliteDatabase(path.join(dataDir, f), { readonly: true, fileMustExist: true });
    try {
      await src.backup(path.join(target, f)); // online: writers keep going meanwhile
    } finally {
      src.close();
    }
  }
  const files = fs.existsSync(dataDir) ? plainFiles(dataDir) : [];
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(target, f)), { recursive: true });
    fs.copyFileSync(path.join(dataDir, f), path.join(target, f));
  }
  let pgDump: string | undefined;
  if (config.database.kind === 'postgres') {
    const { url, schema } = pgArgs(config);
    pgDump = 'database.pgdump';
    run('pg_dump', ['--format=custom', '--no-owner', ...(schema ? ['--schema', schema] : []), '--file', path.join(dir, pgDump), url]);
  }
  const manifest: BackupManifest = {
    format: 'orchard-backup/1',
    createdAt: new Date().toISOString(),
    dialect: config.database.kind,
    sqliteFiles,
    pgDump,
    files: files.length,
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Puts a backup back. The store must be stopped: DATA_DIR's files are replaced, and on
 * PostgreSQL the dumped objects are dropped and recreated (pg_restore --clean).
 */
export async function restoreStore(config: Config, dir: string): Promise<BackupManifest> {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${dir} holds no Orchard backup (manifest.json missing)`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
  if (manifest.format !== 'orchard-backup/1') throw new Error(`unknown backup format ${manifest.format}`);
  if (manifest.dialect !== config.database.kind)
    throw new Error(`the backup is of a ${manifest.dialect} store but DATABASE_URL points at ${config.database.kind}`);
  const dataDir = path.resolve(config.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const source = path.join(dir, 'data');
  for (const f of manifest.sqliteFiles) {
    for (const side of ['', '-wal', '-shm', '-journal']) fs.rmSync(path.join(dataDir, f + side), { force: true });
    fs.copyFileSync(path.join(source, f), path.join(dataDir, f));
  }
  for (const f of plainFiles(source)) {
    fs.mkdirSync(path.dirname(path.join(dataDir, f)), { recursive: true });
    fs.copyFileSync(path.join(source, f), path.join(dataDir, f));
  }
  if (manifest.pgDump) {
    const { url } = pgArgs(config);
    run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--dbname', url, path.join(dir, manifest.pgDump)]);
  }
  return manifest;
}
