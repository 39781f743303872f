import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The React console: built to dist/renderer, served by `tailstream serve` and the desktop app. */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
});
