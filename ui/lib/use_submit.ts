// Runs one action at a time for a form or a button: `busy` while it runs, `error` when it
// failed (cleared on the next run). `onSubmit` is a form's handler; `run` is for buttons.
import { useRef, useState } from "preact/hooks";

export type Submit<A extends unknown[]> = {
  busy: boolean;
  error: unknown;
  /** Runs the action unless it is already running; true when it succeeded. */
  run: (...args: A) => Promise<boolean>;
  /** A form's submit handler; forms run actions that take no arguments. */
  onSubmit: (e: Event) => void;
  setError: (error: unknown) => void;
};

export function useSubmit<A extends unknown[] = []>(
  action: (...args: A) => Promise<unknown>,
): Submit<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const running = useRef(false);
  const latest = useRef(action);
  latest.current = action;
  const run = async (...args: A) => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await latest.current(...args);
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  };
  return {
    busy,
    error,
    run,
    onSubmit: (e: Event) => {
      e.preventDefault();
      void run(...([] as unknown as A));
    },
    setError,
  };
}
