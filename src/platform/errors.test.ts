import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, allErrorCodes } from './errors.js';
import '../modules/index.js';

/** Every error code a client can receive is documented (docs/api.md or docs/api/*.md). */
describe('error catalogue', () => {
  it('documents every code with its status', async () => {
    // importing the module list registers every module's codes
    const { buildModules } = await import('../modules/index.js');
    expect(typeof buildModules).toBe('function');
    const docsDir = path.resolve(import.meta.dirname, '../../docs');
    const files = [
      path.join(docsDir, 'api.md'),
      ...(fs.existsSync(path.join(docsDir, 'api'))
        ? fs.readdirSync(path.join(docsDir, 'api')).map((f) => path.join(docsDir, 'api', f))
        : []),
    ];
    const docs = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const missing = allErrorCodes()
      .filter(([code, spec]) => !new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${spec.status}\\s*\\|`).test(docs))
      .map(([code, spec]) => `${code} (${spec.status})`);
    expect(missing).toEqual([]);
  });

  it('refuses unknown codes so a typo cannot reach clients', () => {
    expect(() => new AppError('no_such_code_anywhere')).toThrow(/unknown error code/);
    expect(new AppError('app_not_found').status).toBe(404);
  });
});
