/**
 * Secrets kept as files under DATA_DIR/keys (signing keys): created once with mode 0600, and
 * when several processes start together the first writer wins and the others read its file.
 */
import fs from 'node:fs';
import path from 'node:path';

export function loadOrCreateKeyFile(file: string, create: () => string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, create(), { mode: 0o600 });
  try {
    // link() fails if the file exists, so a concurrent creator's key is never replaced
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return fs.readFileSync(file, 'utf8');
}
