/** Who is calling: resolved from a session cookie (browser) or an access key (SDK). */
export interface Principal {
  userId: string;
  username: string;
  isAdmin: boolean;
  /** How the caller authenticated; the access key id when it came through SigV4. */
  via:
    | { kind: 'session' }
    | { kind: 'accessKey'; accessKeyId: string }
    | {
        kind: 'temporary';
        accessKeyId: string;
        roleArn: string;
        sessionName: string;
        expiresAt: Date;
        /** The long-term key the session was made with (AssumeRole), if any. */
        parentAccessKeyId?: string;
      };
}
