import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** A server-side WebSocket (RFC 6455) over an upgraded HTTP socket: text frames, ping/pong, close. */
export class ServerWebSocket {
  #buffer = Buffer.alloc(0);
  #fragments: Buffer[] = [];
  #closed = false;
  onText: (text: string) => void = () => {};
  onClose: () => void = () => {};

  constructor(readonly socket: Duplex) {
    socket.on('data', (chunk: Buffer) => this.#read(chunk));
    socket.on('close', () => this.#end());
    socket.on('error', () => this.#end());
  }

  /** Completes the handshake of an `upgrade` request; returns undefined if it is not a WebSocket upgrade. */
  static accept(req: IncomingMessage, socket: Duplex): ServerWebSocket | undefined {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string') return undefined;
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    return new ServerWebSocket(socket);
  }

  /** Whether the socket is still open. */
  get open(): boolean {
    return !this.#closed;
  }

  /** Sends a text frame. */
  send(text: string): void {
    this.#frame(1, Buffer.from(text, 'utf8'));
  }

  /** Sends a close frame and ends the socket. */
  close(code = 1000, reason = ''): void {
    if (this.#closed) return;
    const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
    payload.writeUInt16BE(code, 0);
    payload.write(reason, 2);
    this.#frame(8, payload);
    this.socket.end();
    this.#end();
  }

  /** Drops the TCP connection without a close frame (fault injection). */
  destroy(): void {
    this.socket.destroy();
    this.#end();
  }

  #end(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onClose();
  }

  #frame(opcode: number, payload: Buffer): void {
    if (this.#closed || this.socket.destroyed) return;
    const len = payload.length;
    const head = len < 126 ? Buffer.alloc(2) : len < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
    head[0] = 0x80 | opcode;
    if (len < 126) head[1] = len;
    else if (len < 65_536) {
      head[1] = 126;
      head.writeUInt16BE(len, 2);
    } else {
      head[1] = 127;
      head.writeBigUInt64BE(BigInt(len), 2);
    }
    this.socket.write(Buffer.concat([head, payload]));
  }

  #read(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const b = this.#buffer;
      if (b.length < 2) return;
      const b0 = b[0] ?? 0;
      const b1 = b[1] ?? 0;
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (b.length < 4) return;
        len = b.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (b.length < 10) return;
        len = Number(b.readBigUInt64BE(2));
        off = 10;
      }
      const masked = (b1 & 0x80) !== 0;
      const maskOff = off;
      if (masked) off += 4;
      if (b.length < off + len) return;
      const payload = Buffer.from(b.subarray(off, off + len));
      if (masked)
        for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (b[maskOff + (i % 4)] ?? 0);
      this.#buffer = b.subarray(off + len);
      const opcode = b0 & 0x0f;
      const fin = (b0 & 0x80) !== 0;
      if (opcode === 8) {
        this.close(1000);
        return;
      }
      if (opcode === 9) this.#frame(10, payload);
      else if (opcode === 1 || opcode === 0) {
        this.#fragments.push(payload);
        if (fin) {
          const text = Buffer.concat(this.#fragments).toString('utf8');
          this.#fragments = [];
          this.onText(text);
        }
      }
    }
  }
}
