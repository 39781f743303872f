/** A copy of `set` with `member` taken out if it was in, put in if it was not (React state stays immutable). */
export function toggled<T>(set: ReadonlySet<T>, member: T): Set<T> {
  const next = new Set(set);
  if (next.has(member)) next.delete(member);
  else next.add(member);
  return next;
}
