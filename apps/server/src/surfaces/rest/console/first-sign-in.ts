// How a user made by quick start signs in the first time: a one-time invitation link (the same
// kind createInvite issues) where they choose their own password; shown to the admin once.
import type { User } from '@tessera/db';
import type { RestContext } from '../context.ts';

const INVITE_HOURS = 7 * 24;

export async function issueInvite(c: RestContext, user: User): Promise<{ inviteUrl: string; inviteExpiresAt: string }> {
  const { token, expiresAt } = await c.services.tokens.issue({
    purpose: 'Invite',
    userId: user.id,
    createdById: c.principal!.userId,
    expiresInSeconds: INVITE_HOURS * 3600,
  });
  return { inviteUrl: `${c.services.publicUrl()}/invite/${token}`, inviteExpiresAt: expiresAt.toISOString() };
}
