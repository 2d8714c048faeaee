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

/**
 * A user acting through the server on their own behalf (a reconciler launching their tuning job's
 * training jobs or their schedule's executions): what they could do themselves, nothing more.
 */
export function actingAs(user: { id: string; username: string; isAdmin: boolean }): Principal {
  return { userId: user.id, username: user.username, isAdmin: user.isAdmin, via: { kind: 'session' } };
}
