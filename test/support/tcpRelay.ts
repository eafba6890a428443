import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP relay to a server that can stop passing bytes on (a hung server) and start again, or go away (a dead
 * one): what the store-failure tests put between the driver and the test run's FerretDB.
 */
export interface TcpRelay {
  port: number;
  /** Bytes are dropped, not buffered, while frozen: the server never hears the request, the client no answer. */
  freeze(on?: boolean): void;
  close(): Promise<void>;
}

export async function startTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (chunk) => frozen || upstream.write(chunk));
    upstream.on('data', (chunk) => frozen || client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    freeze: (on = true) => {
      frozen = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
