// Warnings of the inference algorithms. As with Python's default warning
// filter, each distinct message is shown once per process.

const shown = new Set<string>();

/** Writes `message` with console.warn the first time it is seen. */
export function warnOnce(message: string): void {
  if (shown.has(message)) return;
  shown.add(message);
  console.warn(message);
}

/** Forgets which warnings were shown (for tests). */
export function resetWarnings(): void {
  shown.clear();
}
