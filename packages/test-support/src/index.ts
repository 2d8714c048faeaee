export * from './server-process.ts';
export * from './clients.ts';
export * from './postgres.ts';
export * from './wait.ts';
export * from './raw-request.ts';
export * from './instances.ts';
export * from './jupyter.ts';
export * from './balancer.ts';
