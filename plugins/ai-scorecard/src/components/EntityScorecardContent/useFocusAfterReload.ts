import { useEffect, useRef, useState } from 'react';

/**
 * Focuses a Material UI button once it has rendered its ripple, which
 * ButtonBase adds a render after it mounts: focused before, it throws
 * ("reading 'pulsate'") as it shows the keyboard focus.
 */
function focusOnceRippled(button: HTMLElement, frames = 30) {
  if (button.querySelector('.MuiTouchRipple-root') || frames === 0) {
    button.focus();
  } else {
    requestAnimationFrame(() => focusOnceRippled(button, frames - 1));
  }
}

/**
 * Moves the keyboard focus, once data has reloaded after an action, to the
 * element named by its `data-focus-id` (the button that undoes the action:
 * the one that was pressed is gone). `focusAfter(id, stale)` asks for it,
 * where `stale` is the data the reload replaces. Returns the ref of the
 * element to look in.
 */
export function useFocusAfterReload<T>(loading: boolean, value: T) {
  const root = useRef<HTMLDivElement>(null);
  const [pending, setPending] = useState<{ id: string; stale: T }>();
  useEffect(() => {
    if (!pending || loading || value === pending.stale) return;
    const target = root.current?.querySelector<HTMLElement>(
      `[data-focus-id="${pending.id}"]`,
    );
    setPending(undefined);
    if (target) focusOnceRippled(target);
  }, [pending, loading, value]);
  return {
    root,
    focusAfter: (id: string, stale: T) => setPending({ id, stale }),
  };
}
