/**
 * Turns an async task into a trigger that never runs it twice at once: a trigger during a run asks
 * for exactly one more run after it. Bursts of change events therefore cost at most two builds.
 */
export function coalesce(task: () => Promise<void>, onError: (error: unknown) => void, after?: () => void): () => void {
  let running = false;
  let again = false;
  const trigger = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    task()
      .catch(onError)
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          trigger();
        } else after?.();
      });
  };
  return trigger;
}
