// S3's rules for general-purpose bucket names. They also keep a name safe as a directory name
// (no "/", no leading ".", never "." or ".."), which the local store relies on.
const SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Why the name is not a valid bucket name, or undefined when it is. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'Bucket names must be between 3 and 63 characters long';
  if (!SHAPE.test(name))
    return (
      'Bucket names may contain only lowercase letters, digits, dots and hyphens, ' +
      'and must begin and end with a letter or digit'
    );
  if (/\.\.|\.-|-\./.test(name)) return 'Bucket names must not contain two adjacent dots or a dot next to a hyphen';
  if (IPV4.test(name)) return 'Bucket names must not be formatted as an IP address';
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p)) || RESERVED_SUFFIXES.some((s) => name.endsWith(s)))
    return 'Bucket names must not use a prefix or suffix that S3 reserves';
  return undefined;
}

export const isValidBucketName = (name: string) => bucketNameProblem(name) === undefined;
