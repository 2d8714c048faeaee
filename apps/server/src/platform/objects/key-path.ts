// Where an object key lives on disk, inside its bucket's directory.
//
// S3 keys are flat strings of up to 1024 bytes, and both `a` and `a/b` can be objects, so a key
// cannot simply become a path (a file `a` cannot also be a directory), and one encoded file name
// per key would not fit the 255-byte limit of a file name. Instead a key is cut into pieces —
// after every "/" and at most every 80 bytes — and each piece but the last names a directory; the
// last names the object's file, with the suffix "~o". So `a` is the file `a~o` and `a/b` is
// `a+/b~o` (the directory `a+` and the file `a~o` sit side by side), and listing a prefix only
// reads the directories under it. Pieces are percent-encoded down to [A-Za-z0-9._-]; "/" is
// written "+" and a leading "." is escaped, so no name is ever ".", "..", hidden, or contains a
// path separator: whatever the key ("../x", "/etc/passwd", "%2e%2e/x"), the path stays inside
// the bucket. "~" never appears in an encoded piece, which frees names starting with "~" for the
// store's own use (temporary files, multipart uploads).
//
// Ordering: S3 lists keys in UTF-8 byte order. Because pieces end at a "/" or at a fixed length,
// no two entries of one directory are a prefix of each other except an object and the directory
// of the same piece, so a depth-first walk that sorts each directory by decoded piece (object
// before directory on a tie) yields keys in exactly that order.

export const MAX_KEY_BYTES = 1024;
/** 80 bytes encode to at most 240, under every common file system's 255-byte name limit. */
export const PIECE_BYTES = 80;
export const OBJECT_SUFFIX = '~o';

const SAFE = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.') SAFE[c.charCodeAt(0)] = 1;
const SLASH = 0x2f;
const DOT = 0x2e;
const PLUS = 0x2b;
const PERCENT = 0x25;
const HEX = '0123456789ABCDEF';

/** A key as UTF-8 bytes, or undefined when it is empty, too long, or not well-formed text. */
export function keyBytes(key: string): Buffer | undefined {
  if (key.length === 0) return undefined;
  const bytes = Buffer.from(key, 'utf8');
  if (bytes.length > MAX_KEY_BYTES || bytes.toString('utf8') !== key) return undefined;
  return bytes;
}

/** Cuts a key after each "/" and every PIECE_BYTES bytes. */
export function keyPieces(key: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  while (start < key.length) {
    const slash = key.indexOf(SLASH, start);
    const end = Math.min(start + PIECE_BYTES, slash < 0 ? key.length : slash + 1);
    pieces.push(key.subarray(start, end));
    start = end;
  }
  return pieces;
}

export function encodePiece(piece: Buffer): string {
  let out = '';
  for (let i = 0; i < piece.length; i++) {
    const b = piece[i]!;
    if (b === SLASH) out += '+';
    else if (SAFE[b] && !(i === 0 && b === DOT)) out += String.fromCharCode(b);
    else out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

/** The inverse of encodePiece; undefined for names it could not have written (foreign files). */
export function decodePiece(name: string): Buffer | undefined {
  const out = Buffer.alloc(name.length);
  let n = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === PLUS) out[n++] = SLASH;
    else if (c === PERCENT) {
      const hex = name.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) return undefined;
      out[n++] = parseInt(hex, 16);
      i += 2;
    } else if (c < 256 && SAFE[c]) out[n++] = c;
    else return undefined;
  }
  const piece = out.subarray(0, n);
  return n > 0 && encodePiece(piece) === name ? piece : undefined;
}

/** The object's file relative to its bucket directory, e.g. `a+/b~o`. */
export function objectPath(key: Buffer): string {
  const names = keyPieces(key).map(encodePiece);
  names[names.length - 1] += OBJECT_SUFFIX;
  return names.join('/');
}

/** What a directory entry of the key tree is; undefined for the store's own (`~…`) and foreign names. */
export function parseEntry(name: string, isDirectory: boolean): { piece: Buffer; object: boolean } | undefined {
  if (name.startsWith('~')) return undefined;
  if (!isDirectory && name.endsWith(OBJECT_SUFFIX)) {
    const piece = decodePiece(name.slice(0, -OBJECT_SUFFIX.length));
    return piece && { piece, object: true };
  }
  if (!isDirectory) return undefined;
  const piece = decodePiece(name);
  // Only a piece that ends in "/" or is full length can have more key below it.
  return piece && (piece[piece.length - 1] === SLASH || piece.length === PIECE_BYTES)
    ? { piece, object: false }
    : undefined;
}
