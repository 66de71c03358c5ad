import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// A static site: `vite build` output can be hosted by any web server.
export default defineConfig({
  plugins: [react()],
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
  preview: { port: 4173, strictPort: true },
});
