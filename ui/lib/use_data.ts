// Loads data for a screen: { data, error, loading, reload }, re-run when `deps` change.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export type Data<T> = {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
  setData: (data: T) => void;
};

export function useData<T>(load: () => Promise<T>, deps: unknown[]): Data<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
    loading: true,
  });
  const run = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const reload = useCallback(async () => {
    const id = ++run.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await loader.current();
      if (id === run.current) setState({ data, loading: false });
    } catch (error) {
      if (id === run.current) setState((s) => ({ data: s.data, error, loading: false }));
    }
  }, []);

  useEffect(() => {
    setState({ loading: true });
    void reload();
  }, deps);

  return {
    data: state.data,
    error: state.error,
    loading: state.loading,
    reload,
    setData: (data: T) => setState({ data, loading: false }),
  };
}

/** Calls `tick` every `ms` while the tab is visible. */
export function useInterval(tick: () => void, ms: number, enabled = true) {
  const saved = useRef(tick);
  saved.current = tick;
  useEffect(() => {
    if (!enabled) return;
    const id = setInterval(() => {
      if (document.visibilityState === "visible") saved.current();
    }, ms);
    return () => clearInterval(id);
  }, [ms, enabled]);
}
