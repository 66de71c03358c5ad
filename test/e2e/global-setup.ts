import { preview } from 'vite';
import type { PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';

/** Serves the built app (`dist/`, built by `npm run test:browser`) for the browser tests. */
let server: PreviewServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  // PREVIEW_PORT lets two checkouts run their browser tests at once.
  const port = Number(process.env.PREVIEW_PORT) || 4173;
  server = await preview({ preview: { port, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
  project.provide('baseUrl', url);
}

export async function teardown(): Promise<void> {
  await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
