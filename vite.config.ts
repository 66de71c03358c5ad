/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The built app may only talk to its own origin: a Content-Security-Policy in the built page
 * (not in dev, where Vite injects inline scripts for hot reload).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * No other site may frame the app (clickjacking). A meta CSP cannot say so (`frame-ancestors` is
 * ignored there), so these go out as HTTP headers: from `vite preview`, and from hosts that read
 * `public/_headers` (Netlify, Cloudflare Pages); the README says what to set elsewhere.
 */
const FRAMING_HEADERS = { 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY' };

function contentSecurityPolicy(): Plugin {
  return {
    name: 'streamscope-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

// A static site: `vite build` output can be hosted by any web server.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false, minify: process.env.NO_MINIFY ? false : 'oxc' },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true, headers: FRAMING_HEADERS },
  // Two test projects: `unit` (engine, worker and store in Node; views in jsdom) needs no browser;
  // `browser` drives the built app in the system's Chromium (test/e2e/).
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          environment: 'node',
          setupFiles: ['test/setup.ts'],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.e2e.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
