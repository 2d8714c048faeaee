// How long an app may sit idle before it is stopped. SageMaker's own setting wins where it is
// given — `<AppType>AppSettings.AppLifecycleManagement.IdleSettings` in the user profile's
// settings, else in the domain's default user settings — then TESSERA_APP_IDLE_TIMEOUT_SECONDS.
// LifecycleManagement DISABLED means never.

interface IdleSettings {
  LifecycleManagement?: string;
  IdleTimeoutInMinutes?: number;
}

function idleSettings(settings: unknown, appType: string): IdleSettings | undefined {
  const s = settings as Record<string, { AppLifecycleManagement?: { IdleSettings?: IdleSettings } }> | null;
  return s?.[`${appType}AppSettings`]?.AppLifecycleManagement?.IdleSettings;
}

export function idleTimeoutSeconds(
  fallbackSeconds: number,
  appType: string,
  profileSettings: unknown,
  domainSettings: unknown,
): number {
  const chosen = idleSettings(profileSettings, appType) ?? idleSettings(domainSettings, appType);
  if (!chosen) return fallbackSeconds;
  if (chosen.LifecycleManagement === 'DISABLED') return 0;
  return typeof chosen.IdleTimeoutInMinutes === 'number' && chosen.IdleTimeoutInMinutes > 0
    ? chosen.IdleTimeoutInMinutes * 60
    : fallbackSeconds;
}
