// Who is using the UI, asked once per page load: with auth off anyone may write; with auth on, a token of
// write scope may, a read token or a share link's session may not.
import { api } from './api.js';

let whoami = null;

/** The server's whoami answer ({auth, name?, scope?, share?}); {auth: false} when it could not be read. */
export function who() {
  whoami = whoami || api.whoami().catch(() => {
    whoami = null; // ask again next time (after the token prompt, say)
    return { auth: false };
  });
  return whoami;
}

export async function canWrite() {
  const me = await who();
  return !me.auth || Boolean(me.name && me.scope !== 'read' && !me.share);
}

/** Sharing makes sense only with auth on, for a token that may write. */
export async function canShare() {
  const me = await who();
  return Boolean(me.auth && me.name && me.scope !== 'read');
}
