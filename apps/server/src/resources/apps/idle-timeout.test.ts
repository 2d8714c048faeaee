import { describe, expect, it } from 'vitest';
import { idleTimeoutSeconds } from './idle-timeout.ts';

const idle = (IdleTimeoutInMinutes?: number, LifecycleManagement = 'ENABLED') => ({
  KernelGatewayAppSettings: { AppLifecycleManagement: { IdleSettings: { LifecycleManagement, IdleTimeoutInMinutes } } },
});

describe('idle timeout', () => {
  it('falls back to the server setting', () => {
    expect(idleTimeoutSeconds(3600, 'KernelGateway', null, {})).toBe(3600);
  });
  it("takes the profile's IdleSettings over the domain's, per app type", () => {
    expect(idleTimeoutSeconds(3600, 'KernelGateway', null, idle(30))).toBe(1800);
    expect(idleTimeoutSeconds(3600, 'KernelGateway', idle(5), idle(30))).toBe(300);
    expect(idleTimeoutSeconds(3600, 'JupyterServer', idle(5), idle(30))).toBe(3600);
  });
  it('never stops an app whose lifecycle management is disabled', () => {
    expect(idleTimeoutSeconds(3600, 'KernelGateway', idle(undefined, 'DISABLED'), idle(30))).toBe(0);
  });
});
