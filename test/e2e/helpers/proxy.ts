// A TCP pass-through in front of the API server (TLS goes through untouched:
// the client still verifies the server's certificate for 127.0.0.1). Cutting
// it gives a deterministic outage for one client while the rest of the world
// (admin, controllers) keeps talking to the API server, so changes can be
// made while that client is certainly disconnected. With a rate, the
// server's answers trickle through (a slow link): a client's connecting and
// listing states last long enough to be seen.
import net from 'node:net';

export class CuttableProxy {
  private server: net.Server;
  private pairs = new Set<[net.Socket, net.Socket]>();
  private cut = false;
  /** Connections accepted (and refused while cut), for diagnostics. */
  accepted = 0;
  refused = 0;

  private constructor(
    private readonly targetPort: number,
    readonly port: number,
    server: net.Server,
    private bytesPerSecond?: number,
  ) {
    this.server = server;
  }

  /** `bytesPerSecond`: the server-to-client rate of each connection (default: unlimited). */
  static async start(targetPort: number, opts: { bytesPerSecond?: number } = {}): Promise<CuttableProxy> {
    let self: CuttableProxy | undefined;
    const server = net.createServer((client) => self!.onConnection(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    self = new CuttableProxy(targetPort, (server.address() as net.AddressInfo).port, server, opts.bytesPerSecond);
    return self;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  private onConnection(client: net.Socket): void {
    if (this.cut) {
      this.refused++;
      client.destroy();
      return;
    }
    this.accepted++;
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    const pair: [net.Socket, net.Socket] = [client, upstream];
    this.pairs.add(pair);
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    // Slow link: after each chunk, pause the server side for as long as the chunk takes at the rate.
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      const rate = this.bytesPerSecond;
      if (!rate) return;
      upstream.pause();
      setTimeout(() => upstream.resume(), (chunk.length / rate) * 1000).unref();
    });
  }

  /** Change the server-to-client rate of every connection (undefined: unlimited). */
  setRate(bytesPerSecond: number | undefined): void {
    this.bytesPerSecond = bytesPerSecond;
  }

  /** Drop every open connection and refuse new ones until `restore()`. */
  disconnect(): void {
    this.cut = true;
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  restore(): void {
    this.cut = false;
  }

  async close(): Promise<void> {
    this.disconnect();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
