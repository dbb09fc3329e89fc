/** A point two pieces of concurrent work can wait at: `opened` resolves once `open()` is called. */
export function gate(): { open(): void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/**
 * Starts async work and hands back its promise without awaiting it: to hold a transaction open
 * while another request arrives, or to assert that the work rejects. (Spelled out so that a sweep
 * adding `await` to every store call leaves these promises alone.)
 */
export function started<T>(work: () => Promise<T>): Promise<T> {
  return work();
}
