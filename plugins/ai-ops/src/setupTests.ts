import '@testing-library/jest-dom';

// jsdom has no layout: Recharts' ResponsiveContainer needs a ResizeObserver
// to exist, and draws nothing at a width of 0, which these tests accept.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
