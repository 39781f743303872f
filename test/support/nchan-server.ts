/**
 * A real nginx with the nchan module, for tests of anything that consumes SSE: started as a child
 * process on a free 127.0.0.1 port with a config written into a temp dir (pid file, logs and temp
 * paths all inside it), stoppable and startable again on the same port to simulate an outage.
 *
 * Channels: `POST /pub/NAME` publishes (body = message; an `X-EventSource-Event` header names the
 * event), `GET /sub/NAME` with `Accept: text/event-stream` subscribes.
 *
 * With `redis`, channels live in that Redis (`nchan_redis_pass`), so several instances started
 * with the same Redis are one hub: publish on one, subscribe on another. The config then has
 * the shape docs/TEAM.md documents (publisher key, body size, Redis upstream).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/node/server/testing/free-port.js';
import { loopbackProcess } from './loopback-process.js';

/** Where Debian's `nginx` package installs the binary. */
export const NGINX_BINARY = '/usr/sbin/nginx';
/** Where Debian's `libnginx-mod-nchan` package installs the module. */
export const NCHAN_MODULE = '/usr/lib/nginx/modules/ngx_nchan_module.so';

/** Options of {@link startNchanServer}. */
export interface NchanServerOptions {
  /** Messages each channel keeps for subscribers that resume or arrive late. Default 2000. */
  messageBufferLength?: number;
  /** When set, nchan sends an `event: ping` with empty data every this many seconds. */
  pingIntervalSeconds?: number;
  /** Keep channels in the Redis on this loopback port (`nchan_redis_pass`); default: in nginx's memory. */
  redisPort?: number;
  /** When set, a publish must carry `Authorization: Bearer KEY` (403 otherwise), as docs/TEAM.md shows. */
  publisherKey?: string;
  /** How long messages are kept, in nchan's syntax. Default `10m`. */
  messageTimeout?: string;
  /** Where subscribers without `Last-Event-ID` start (`nchan_subscriber_first_message`). Default nchan's `newest`. */
  subscriberFirstMessage?: 'oldest' | 'newest';
}

/** A running (or stopped, restartable) nginx+nchan. */
export interface NchanServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  /** The temp dir holding config, pid file and logs. */
  readonly dir: string;
  /** The subscriber (EventSource) URL of a channel. */
  subscribeUrl(channel: string): string;
  /** Publishes one message; `event` names it (nchan's `X-EventSource-Event`). */
  publish(channel: string, message: string, event?: string): Promise<void>;
  /** True while nginx runs. */
  readonly running: boolean;
  /** Stops nginx (fast shutdown: open streams are cut). The port and dir are kept for `start()`. */
  stop(): Promise<void>;
  /** Starts nginx again on the same port. */
  start(): Promise<void>;
  /** Stops nginx and removes the temp dir. */
  close(): Promise<void>;
}

/** True when this machine has nginx and the nchan module (tests skip loudly otherwise). */
export function nchanAvailable(): boolean {
  return existsSync(NGINX_BINARY) && existsSync(NCHAN_MODULE);
}

/** Starts nginx+nchan on a free loopback port. */
export async function startNchanServer(options: NchanServerOptions = {}): Promise<NchanServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-nchan-'));
  const port = await freePort();
  await writeFile(path.join(dir, 'nginx.conf'), nginxConfig(dir, port, options));
  const server = loopbackProcess({
    name: 'nginx',
    binary: NGINX_BINARY,
    args: ['-p', `${dir}/`, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    port,
    explain: () => readFile(path.join(dir, 'error.log'), 'utf8'),
  });
  await server.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    port,
    baseUrl,
    dir,
    get running() {
      return server.running;
    },
    subscribeUrl: (channel) => `${baseUrl}/sub/${channel}`,
    publish: async (channel, message, event) => {
      const headers: Record<string, string> = { 'Content-Type': 'text/plain' };
      if (options.publisherKey !== undefined) headers.Authorization = `Bearer ${options.publisherKey}`;
      if (event !== undefined) headers['X-EventSource-Event'] = event;
      const response = await fetch(`${baseUrl}/pub/${channel}`, { method: 'POST', headers, body: message });
      await response.arrayBuffer();
      if (response.status >= 300) throw new Error(`nchan refused the publish: ${response.status}`);
    },
    stop: server.stop,
    start: server.start,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function nginxConfig(dir: string, port: number, options: NchanServerOptions): string {
  const inDir = (name: string): string => path.join(dir, name);
  // Workers run as the invoking user; as root nginx would switch them to `nobody`, who cannot
  // enter the 0700 temp dir.
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  const ping = options.pingIntervalSeconds !== undefined
    ? `nchan_eventsource_ping_interval ${options.pingIntervalSeconds}; nchan_eventsource_ping_event ping; nchan_eventsource_ping_data "";`
    : '';
  // The Redis upstream of docs/TEAM.md, with reconnection delays short enough for an outage test.
  const upstream = options.redisPort !== undefined
    ? `upstream tailstream_redis {
    nchan_redis_server redis://127.0.0.1:${options.redisPort};
    nchan_redis_connect_timeout 1s;
    nchan_redis_reconnect_delay_min 200ms;
    nchan_redis_reconnect_delay_max 1s;
  }`
    : '';
  const redisPass = options.redisPort !== undefined ? 'nchan_redis_pass tailstream_redis;' : '';
  const auth = options.publisherKey !== undefined
    ? `if ($http_authorization != "Bearer ${options.publisherKey}") { return 403; }`
    : '';
  const firstMessage = options.subscriberFirstMessage !== undefined ? `nchan_subscriber_first_message ${options.subscriberFirstMessage};` : '';
  return `
load_module ${NCHAN_MODULE};
${user}
worker_processes 1;
pid ${inDir('nginx.pid')};
error_log ${inDir('error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${inDir('client_body')};
  proxy_temp_path ${inDir('proxy')};
  fastcgi_temp_path ${inDir('fastcgi')};
  uwsgi_temp_path ${inDir('uwsgi')};
  scgi_temp_path ${inDir('scgi')};
  nchan_max_reserved_memory ${options.redisPort !== undefined ? '64m' : '16m'};
  client_max_body_size 4m;
  ${upstream}
  server {
    listen 127.0.0.1:${port};
    location ~ ^/pub/(\\w+)$ {
      ${auth}
      nchan_publisher;
      nchan_channel_id $1;
      ${redisPass}
      nchan_message_buffer_length ${options.messageBufferLength ?? 2000};
      nchan_message_timeout ${options.messageTimeout ?? '10m'};
    }
    location ~ ^/sub/(\\w+)$ {
      nchan_subscriber eventsource;
      nchan_channel_id $1;
      ${redisPass}
      ${firstMessage}
      ${ping}
    }
  }
}
`;
}
