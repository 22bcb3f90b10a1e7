import { Transform } from 'node:stream';
import { AppError } from '../../platform/errors.js';

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'] as const;

function looksLike(type: string, head: Buffer): boolean {
  switch (type) {
    case 'image/png':
      return head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'image/jpeg':
      return head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
    case 'image/webp':
      return head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP';
    case 'image/svg+xml': {
      const s = head.toString('utf8').trimStart().toLowerCase();
      return s.startsWith('<svg') || s.startsWith('<?xml');
    }
    default:
      return false;
  }
}

/**
 * Passes an upload through only if its first bytes match the declared image type, so a
 * mislabelled file is refused before anything is stored.
 */
export const imageType = (contentType: string) => contentType.split(';')[0]?.trim().toLowerCase() ?? '';

export function imageGuard(contentType: string): Transform {
  const type = imageType(contentType);
  if (!(IMAGE_TYPES as readonly string[]).includes(type)) throw new AppError('unsupported_image');
  let head = Buffer.alloc(0);
  let checked = false;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (checked) return cb(null, chunk);
      head = Buffer.concat([head, chunk]);
      if (head.length < 16) return cb();
      checked = true;
      if (!looksLike(type, head)) return cb(new AppError('unsupported_image', `The file is not a valid ${type}`));
      cb(null, head);
    },
    flush(cb) {
      if (!checked) {
        if (head.length === 0 || !looksLike(type, head)) return cb(new AppError('unsupported_image', 'The file is empty or not an image'));
        this.push(head);
      }
      cb();
    },
  });
}
