import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web application: src/web → dist/web, served by the server (`npm start` builds it). */
export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // which chunks each screen needs, for `npm run web:weigh`
    manifest: true,
    rolldownOptions: {
      output: {
        // React changes rarely: its own cached chunk. Ant Design is left to the bundler, so each
        // screen loads only the components it uses (the editor and date pickers load with theirs)
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ }],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
