// How a Jupyter server is started, the same on every backend: Debian's jupyter-server with our
// config (docker/kernel/jupyter_server_config.py). The token goes in the environment, never on
// the command line, where `ps` would show it.
import { fileURLToPath } from 'node:url';

export const jupyterConfigFile = fileURLToPath(
  new URL('../../../../docker/kernel/jupyter_server_config.py', import.meta.url),
);

export function jupyterArgs(opts: { port: number; ip: string; rootDir: string; configFile?: string }): string[] {
  return [
    '-m',
    'jupyter_server',
    `--port=${opts.port}`,
    '--port-retries=0',
    `--ip=${opts.ip}`,
    `--ServerApp.root_dir=${opts.rootDir}`,
    '--ServerApp.base_url=/',
    ...(opts.configFile ? [`--config=${opts.configFile}`] : []),
  ];
}

export function jupyterEnv(token: string, homeDir: string): Record<string, string> {
  return { JUPYTER_TOKEN: token, HOME: homeDir, PYTHONUNBUFFERED: '1' };
}
