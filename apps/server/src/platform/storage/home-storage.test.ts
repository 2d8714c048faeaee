import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHomeStorage } from './home-storage.ts';
import { createVolumes } from './loop-volumes.ts';

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'tessera-homes-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('home storage', () => {
  it('moves homes named by profile to their key once, and never gives a name-keyed home to a key', async () => {
    const root = join(base, 'home');
    const homes = createHomeStorage(root, await createVolumes(join(base, 'state')));
    await homes.ensureDomain('d-1', 'fs-1');
    // Before homes were keyed: one per profile name, among them a deleted profile's named "200007".
    for (const name of ['ada', 'grace', '200007']) {
      mkdirSync(join(root, 'd-1', 'home', name), { recursive: true });
      writeFileSync(join(root, 'd-1', 'home', name, 'notes.txt'), `${name}'s notes`);
    }
    const live = [
      { domainId: 'd-1', name: 'ada', key: '200001' },
      { domainId: 'd-1', name: 'grace', key: '200002' },
    ];
    expect(await homes.adoptNamedHomes(live)).toBe(2);
    expect(readdirSync(homes.profileDir('d-1', '200001'))).toEqual(['notes.txt']);
    expect(existsSync(join(root, 'd-1', 'home', 'ada'))).toBe(false);
    // Once per installation: a profile made later never looks at names.
    mkdirSync(join(root, 'd-1', 'home', 'linus'));
    expect(await homes.adoptNamedHomes([{ domainId: 'd-1', name: 'linus', key: '200003' }])).toBe(0);

    // The next profile is given uid 200007: its home is new and empty, not the deleted one's.
    await homes.ensureProfile('d-1', '200007');
    expect(readdirSync(homes.profileDir('d-1', '200007'))).toEqual([]);
    expect(readdirSync(join(root, 'd-1', 'home', '200007'))).toEqual(['notes.txt']);
  });

  it('removes a domain with every home in it, and recreates nothing of it afterwards', async () => {
    const root = join(base, 'home');
    const homes = createHomeStorage(root, await createVolumes(join(base, 'state')));
    await homes.ensureDomain('d-2', 'fs-2');
    await homes.ensureProfile('d-2', '200001');
    writeFileSync(join(homes.profileDir('d-2', '200001'), 'a.txt'), 'a');
    await homes.removeDomain('d-2');
    expect(existsSync(homes.domainDir('d-2'))).toBe(false);
    await expect(homes.ensureProfile('d-2', '200001')).rejects.toThrow(/ENOENT/);
    expect(existsSync(homes.domainDir('d-2'))).toBe(false);
  });
});
