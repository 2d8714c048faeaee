// The console's REST handlers by route name (consoleRoutes in @tessera/contracts).
import { activityHandlers } from './activity.ts';
import { domainHandlers } from './domains.ts';
import { groupHandlers } from './groups.ts';
import { quickStartHandlers } from './quick-start.ts';
import { userHandlers } from './users.ts';

export const consoleHandlers = {
  ...userHandlers,
  ...groupHandlers,
  ...domainHandlers,
  ...quickStartHandlers,
  ...activityHandlers,
};
