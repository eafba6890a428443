import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger';

function captured() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger('test', 'info', stream) };
}

it('never writes an API key or a secret to a log line', () => {
  const { lines, logger } = captured();
  const key = 'tutti_admin_AbCdEfGhIjKlMnOpQrStUvWxYz012345';
  logger.error(
    {
      err: { message: 'boom', config: { headers: { authorization: `Bearer ${key}` } } },
      req: { headers: { authorization: `Bearer ${key}` } },
      authorization: `Bearer ${key}`,
      apiKey: key,
      created: { key, name: 'esp' },
      webhook: { url: 'https://hooks.example.test', secret: 'hmac-secret' },
      requestId: 'r-1',
    },
    'request failed',
  );
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toContain(key.slice(12));
  expect(lines[0]).not.toContain('hmac-secret');
  const line = JSON.parse(lines[0]);
  expect(line.requestId).toBe('r-1');
  expect(line.created).toEqual({ key: '[redacted]', name: 'esp' });
  expect(line.webhook.url).toBe('https://hooks.example.test');
});
