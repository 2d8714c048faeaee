import { ListDomainsCommand } from '@aws-sdk/client-sagemaker';
import { rawSageMakerRequest, sageMakerClient } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { useHarness } from './harness.ts';

const h = useHarness();

const list = { target: 'SageMaker.ListDomains', body: '{}' };

describe('AWS Signature Version 4 on every SageMaker API request', () => {
  it('accepts a correctly signed request', async () => {
    const r = await rawSageMakerRequest(h.server.url, h.credentials, list);
    expect(r.status).toBe(200);
    expect(r.body.Domains).toBeInstanceOf(Array);
  });

  it('refuses unsigned requests: MissingAuthenticationTokenException, 403', async () => {
    const r = await rawSageMakerRequest(h.server.url, undefined, { ...list, unsigned: true });
    expect(r.status).toBe(403);
    expect(r.body.__type).toBe('MissingAuthenticationTokenException');
  });

  it('refuses unknown access keys: UnrecognizedClientException, and the SDK surfaces it', async () => {
    const stranger = sageMakerClient(h.server.url, {
      accessKeyId: 'TKIAUNKNOWNUNKNOWN00',
      secretAccessKey: 'whatever',
    });
    const err = await stranger.send(new ListDomainsCommand({})).catch((e) => e);
    expect(err.name).toBe('UnrecognizedClientException');
    expect(err.$metadata.httpStatusCode).toBe(403);
  });

  it('refuses a wrong secret: InvalidSignatureException', async () => {
    const wrong = sageMakerClient(h.server.url, {
      accessKeyId: h.credentials.accessKeyId,
      secretAccessKey: 'not-the-secret',
    });
    const err = await wrong.send(new ListDomainsCommand({})).catch((e) => e);
    expect(err.name).toBe('InvalidSignatureException');
    expect(err.$metadata.httpStatusCode).toBe(403);
  });

  it('refuses a body changed after signing', async () => {
    const r = await rawSageMakerRequest(h.server.url, h.credentials, {
      ...list,
      body: '{"MaxResults":1}',
      tamperBody: '{"MaxResults":2}',
    });
    expect(r.status).toBe(403);
    expect(r.body.__type).toBe('InvalidSignatureException');
  });

  it('checks the declared payload hash against the body', async () => {
    const r = await rawSageMakerRequest(h.server.url, h.credentials, {
      ...list,
      headers: { 'x-amz-content-sha256': '0'.repeat(64) },
    });
    expect(r.status).toBe(403);
    expect(r.body.__type).toBe('InvalidSignatureException');
    expect(r.body.message).toMatch(/x-amz-content-sha256/);
  });

  it('refuses expired and future-dated signatures (15 minutes of skew allowed)', async () => {
    const expired = await rawSageMakerRequest(h.server.url, h.credentials, {
      ...list,
      signingDate: new Date(Date.now() - 20 * 60_000),
    });
    expect(expired.status).toBe(403);
    expect(expired.body).toEqual({
      __type: 'InvalidSignatureException',
      message: expect.stringMatching(/^Signature expired/),
    });
    const future = await rawSageMakerRequest(h.server.url, h.credentials, {
      ...list,
      signingDate: new Date(Date.now() + 20 * 60_000),
    });
    expect(future.body.message).toMatch(/^Signature not yet current/);
    const withinSkew = await rawSageMakerRequest(h.server.url, h.credentials, {
      ...list,
      signingDate: new Date(Date.now() - 10 * 60_000),
    });
    expect(withinSkew.status).toBe(200);
  });

  it('lets the SDK correct a skewed client clock from the Date header and retry', async () => {
    const skewed = sageMakerClient(h.server.url, h.credentials, { systemClockOffset: -30 * 60_000, maxAttempts: 3 });
    const out = await skewed.send(new ListDomainsCommand({}));
    expect(out.$metadata.attempts).toBe(2);
    expect(Math.abs(skewed.config.systemClockOffset)).toBeLessThan(60_000);
  });

  it('refuses credentials scoped to another service', async () => {
    const r = await rawSageMakerRequest(h.server.url, h.credentials, { ...list, service: 's3' });
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/scoped to correct service: 'sagemaker'/);
  });

  it('refuses credentials scoped to another region, naming the server region', async () => {
    const r = await rawSageMakerRequest(h.server.url, h.credentials, { ...list, region: 'eu-west-1' });
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/this server is us-east-1 \(TESSERA_REGION\), the request was signed for eu-west-1/);
  });

  it('stops accepting a key as soon as it is revoked', async () => {
    const key = await h.session.rest('POST', '/api/v1/me/access-keys');
    const creds = { accessKeyId: key.body.accessKeyId, secretAccessKey: key.body.secretAccessKey };
    expect((await rawSageMakerRequest(h.server.url, creds, list)).status).toBe(200);
    expect((await h.session.rest('DELETE', `/api/v1/me/access-keys/${creds.accessKeyId}`)).status).toBe(204);
    const r = await rawSageMakerRequest(h.server.url, creds, list);
    expect(r.status).toBe(403);
    expect(r.body.__type).toBe('UnrecognizedClientException');
  });

  it('never writes secrets into the logs', async () => {
    const log = h.server.output.join('\n');
    expect(log).not.toContain(h.credentials.secretAccessKey);
    expect(log).not.toContain(h.server.adminPassword);
    expect(log).not.toMatch(/Signature=[0-9a-f]{64}/);
  });
});
