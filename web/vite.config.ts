import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The SPA lives in web/ and is served by the API server from web/dist in production.
// In development (`npx vite` in web/) API and media requests go to a running server.
export default defineConfig({
  // web/ is the root wherever vite is started from (`npx vite --config web/vite.config.ts`).
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    port: 3201,
    proxy: {
      '/api': 'http://localhost:3000',
      '/media': 'http://localhost:3000',
    },
  },
});
