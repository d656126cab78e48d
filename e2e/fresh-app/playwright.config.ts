import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

/**
 * Drives the app that scripts/fresh-app.ts makes with create-app and the
 * README's install steps, in Debian's Chromium.
 */
export default defineConfig({
  ...base,
  testDir: '.',
  outputDir: '../artifacts/fresh-app/results',
  reporter: [['list']],
});
