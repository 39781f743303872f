import path from 'node:path';
import type { SourceInfo } from '../shared/contract.js';
import { TailstreamError } from '../shared/errors.js';
import { DEFAULT_INITIAL_LINES } from '../shared/limits.js';
import { DEFAULT_SOURCE_ENCODING, type SourceEncoding } from '../shared/text-encodings.js';
import { CompressedFileSource, isCompressedLog } from './file-index/compressed-file-source.js';
import { FileSource, type FileLinesSink, type IndexedFile } from './file-index/file-source.js';
import type { FileTailerOptions } from './tail/file-tailer.js';
import type { SourceHub } from './hub/source-hub.js';
import { createRemoteBridge, displayRemoteTarget, parseRemoteUrl, validateRemoteHeaders } from './remote/remote-source.js';

/** Options of the source factory. */
export interface SourceFactoryOptions {
  /** `--lines`: lines of a file's existing content loaded on open. Default `DEFAULT_INITIAL_LINES`. */
  initialLines?: number;
  /** `--poll`: follow files by polling every this many ms. */
  pollIntervalMs?: number;
  /** `--no-follow-symlinks` gives `false`: a file source whose name is a symbolic link is refused. */
  followSymlinks?: boolean;
}

/**
 * Makes sources and adds them to the hub: a file source (the tail engine and the index of the
 * whole file) for a path, a remote bridge for a URL. The data flows tail/bridge -> hub -> server;
 * the hub only stores and fans out. The desktop app and `tailstream serve` open sources here.
 */
export class SourceFactory {
  private readonly files = new Map<string, IndexedFile>();

  constructor(
    private readonly hub: SourceHub,
    private readonly options: SourceFactoryOptions = {},
  ) {
    hub.watch((info) => {
      if (info.state === 'closed') this.files.delete(info.id);
    });
  }

  /**
   * Adds a `file` source following `file` by name (resolved to an absolute path, its `target`),
   * read in `encoding` (default UTF-8). A file that does not exist yet is `waiting`; a folder is
   * `error`: never a throw.
   */
  addFile(file: string, encoding: SourceEncoding = DEFAULT_SOURCE_ENCODING): SourceInfo {
    const absolute = path.resolve(file);
    let made: IndexedFile | undefined;
    const info = this.hub.addSource(
      'file',
      absolute,
      (sink) => {
        const source = this.fileSource(absolute, sink, encoding);
        made = source;
        return source;
      },
      { encoding },
    );
    if (made !== undefined && info.state !== 'closed') this.files.set(info.id, made);
    return info;
  }

  /**
   * Reads file source `id` again from its last `--lines N` lines, in `encoding` when given (else
   * the one it has), as a new epoch of the same source (`SourceHub.reopen`): the lines held in
   * the old encoding are let go, and consoles get the new ones after a `reset`. `undefined` for
   * an unknown id; throws `TailstreamError` `bad_request` for a remote source.
   */
  async reopenFile(id: string, encoding?: SourceEncoding): Promise<SourceInfo | undefined> {
    const entry = this.hub.entry(id);
    if (entry === undefined) return undefined;
    if (entry.kind !== 'file') throw new TailstreamError('bad_request', 'Only a file source can be reopened in another encoding: a remote stream carries UTF-8 text.', 400);
    const chosen = encoding ?? entry.encoding ?? DEFAULT_SOURCE_ENCODING;
    let made: IndexedFile | undefined;
    const info = await this.hub.reopen(
      id,
      (sink) => {
        const source = this.fileSource(entry.target, sink, chosen);
        made = source;
        return source;
      },
      { encoding: chosen },
    );
    if (made !== undefined && info !== undefined && info.state !== 'closed') this.files.set(info.id, made);
    return info;
  }

  /** The source of the file at `absolute`: followed as it grows, or a `.gz` decompressed once. */
  private fileSource(absolute: string, sink: FileLinesSink, encoding: SourceEncoding): FileSource | CompressedFileSource {
    const options = this.tailerOptions(encoding);
    return isCompressedLog(absolute) ? new CompressedFileSource(absolute, sink, options) : new FileSource(absolute, sink, options);
  }

  private tailerOptions(encoding: SourceEncoding): FileTailerOptions {
    return {
      initialLines: this.options.initialLines ?? DEFAULT_INITIAL_LINES,
      ...(this.options.pollIntervalMs !== undefined ? { pollIntervalMs: this.options.pollIntervalMs } : {}),
      ...(this.options.followSymlinks === false ? { followSymlinks: false } : {}),
      ...(encoding !== DEFAULT_SOURCE_ENCODING ? { encoding } : {}),
    };
  }

  /**
   * Adds a `remote` source reading the SSE stream at `url`, sending `headers` (secrets: never
   * shown). Throws `TailstreamError` `bad_url` for anything but an absolute http(s) URL, and
   * `bad_request` for a header that cannot be sent. The shown `target` is the URL without user
   * info and with secret-looking query values redacted; header values are never part of it.
   */
  addRemote(url: string, headers?: Record<string, string>): SourceInfo {
    const parsed = checkedRemoteUrl(url);
    validateRemoteHeaders(url, headers);
    const options = headers !== undefined ? { headers: { ...headers } } : {};
    return this.hub.addSource('remote', displayRemoteTarget(parsed), (sink) => createRemoteBridge(url, sink, options));
  }

  /** Every source, in the order they were added. */
  list(): SourceInfo[] {
    return this.hub.list();
  }

  /** The file source `id`, for the whole-file routes; `undefined` for an unknown id or a remote source. */
  file(id: string): IndexedFile | undefined {
    return this.hub.entry(id) === undefined ? undefined : this.files.get(id);
  }
}

/** `parseRemoteUrl`, with any failure reported as `bad_url` (400). */
function checkedRemoteUrl(url: string): URL {
  try {
    return parseRemoteUrl(url);
  } catch (error) {
    if (error instanceof TailstreamError) throw error;
    throw new TailstreamError('bad_url', `Not a usable http(s) URL: ${JSON.stringify(url.slice(0, 200))}.`, 400);
  }
}
