/**
 * Names that tell sources apart. A source's short name is a file's base name or a remote URL's
 * host and path (`sourceLabel`); where two sources would show the same name, or one host serves
 * several streams, the name says what differs: a file's parent folder, a stream's path and query
 * without the host they share, and a `#2` for the same target twice.
 */
import type { SourceInfo } from '../../src/shared/contract.js';
import { sourceLabel } from '../store/console-source.js';

function remoteParts(target: string): { host: string; rest: string } | undefined {
  try {
    const url = new URL(target);
    return { host: url.host, rest: `${url.pathname}${url.search}` };
  } catch {
    return undefined;
  }
}

function fileParent(target: string): string {
  const parts = target.split(/[\\/]/).filter((part) => part !== '');
  return parts.length >= 2 ? `${parts[parts.length - 2]}/${parts[parts.length - 1]}` : target;
}

/** The name each source shows (by id), in the order given. */
export function sourceNames(sources: readonly Pick<SourceInfo, 'id' | 'kind' | 'target'>[]): Map<string, string> {
  const hostCount = new Map<string, number>();
  for (const source of sources) {
    const parts = source.kind === 'remote' ? remoteParts(source.target) : undefined;
    if (parts) hostCount.set(parts.host, (hostCount.get(parts.host) ?? 0) + 1);
  }
  const first = new Map<string, string>();
  for (const source of sources) {
    const parts = source.kind === 'remote' ? remoteParts(source.target) : undefined;
    // Several streams of one host: the path (and query) is what tells them apart; the tooltip has the rest.
    first.set(source.id, parts && (hostCount.get(parts.host) ?? 0) > 1 && parts.rest !== '/' ? parts.rest : sourceLabel(source as SourceInfo));
  }
  const nameCount = new Map<string, number>();
  for (const name of first.values()) nameCount.set(name, (nameCount.get(name) ?? 0) + 1);
  const names = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const source of sources) {
    let name = first.get(source.id) ?? source.id;
    if ((nameCount.get(name) ?? 0) > 1 && source.kind === 'file') name = fileParent(source.target);
    const nth = (seen.get(name) ?? 0) + 1;
    seen.set(name, nth);
    names.set(source.id, nth > 1 ? `${name} #${nth}` : name);
  }
  return names;
}
