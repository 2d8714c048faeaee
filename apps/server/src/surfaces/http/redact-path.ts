// Paths that carry a bearer token (share links, presigned, invitation and reset links) are
// logged with the token replaced: a log line must not be a way in.
const TOKEN_PATHS = /^(\/(?:share|auth\/presigned|invite|reset)\/)[^/]+/;

export const redactPath = (path: string) => path.replace(TOKEN_PATHS, '$1…');
