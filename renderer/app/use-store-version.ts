/**
 * The React side of the console store: a version that changes once per committed frame. A change
 * a person made (filter, follow, selection, tab), or the few lines of a light stream, renders at
 * once; the lines of a heavy stream render as a transition, which React renders in slices of
 * about 5 ms, yielding between them, so that rendering never makes one long task even on a slow
 * CPU. The commit is reported back to the store, which holds the next data-only version until then.
 *
 * (`useSyncExternalStore` would render every version synchronously: it cannot be a transition.)
 */
import { startTransition, useEffect, useLayoutEffect, useState } from 'react';
import type { ConsoleStore } from '../store/console-store.js';

/** The store's version, for re-rendering; see the module comment. */
export function useStoreVersion(store: ConsoleStore): number {
  const [version, setVersion] = useState(store.getVersion);
  useEffect(() => {
    const update = (): void => {
      const next = store.getVersion();
      if (store.rendersAtOnce()) setVersion(next);
      else startTransition(() => setVersion(next));
    };
    const unsubscribe = store.subscribe(update);
    update(); // a version made between the first render and this subscription
    return unsubscribe;
  }, [store]);
  useLayoutEffect(() => store.committed(version), [store, version]);
  return version;
}
