import { createConnection, type Socket } from 'node:net';
import { type ConnectionOptions, connect as tlsConnect } from 'node:tls';
import { AmiConnectionError, AmiTimeoutError } from '../errors.js';

/** Where and how to open the AMI socket. */
export interface SocketTarget {
  host: string;
  port: number;
  family: 0 | 4 | 6;
  tls: boolean | Record<string, unknown>;
  timeoutMs: number;
}

/** Open a TCP or TLS socket with a connect deadline; TCP keepalive and no-delay on. */
export function openSocket(target: SocketTarget): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const base = { host: target.host, port: target.port, family: target.family };
    const socket: Socket = target.tls
      ? tlsConnect({ ...base, ...(typeof target.tls === 'object' ? (target.tls as ConnectionOptions) : {}) })
      : createConnection(base);
    const event = target.tls ? 'secureConnect' : 'connect';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new AmiTimeoutError(`connect to ${target.host}:${target.port} timed out`, 'connect_timeout'));
    }, target.timeoutMs);
    const onError = (err: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(
        new AmiConnectionError(
          `connect to ${target.host}:${target.port} failed: ${err.message}`,
          'connection_refused',
          { cause: err },
        ),
      );
    };
    socket.once('error', onError);
    socket.once(event, () => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 10_000);
      resolve(socket);
    });
  });
}
