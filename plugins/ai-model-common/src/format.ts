/**
 * A parameter count as people say it: 8030000000 is "8.03B".
 *
 * @public
 */
export function formatParameters(count?: number): string | undefined {
  if (count === undefined) return undefined;
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, unit] of units) {
    if (count >= size) return `${Number((count / size).toPrecision(3))}${unit}`;
  }
  return String(count);
}

/**
 * A context window in tokens as people say it: 131072 is "128K".
 *
 * @public
 */
export function formatContext(tokens?: number): string | undefined {
  if (tokens === undefined) return undefined;
  return tokens >= 1024 && tokens % 1024 === 0
    ? `${tokens / 1024}K`
    : tokens.toLocaleString('en-US');
}
