import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const here = path.dirname(fileURLToPath(import.meta.url));
// The API server for `vite` dev; MASSLINE_API points it elsewhere (e.g. a second server on 8099).
const server = process.env.MASSLINE_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: {
      // The web app compiles the shared zod contracts from source: no build step in between.
      '@massline/shared': path.resolve(here, '../../packages/shared/src/index.ts'),
      '@': path.resolve(here, 'src'),
    },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/healthz': { target: server, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (id.includes('element-plus') || id.includes('@floating-ui') || id.includes('lodash') || id.includes('dayjs') || id.includes('@vueuse') || id.includes('async-validator') || id.includes('@ctrl')) return 'element-plus';
          if (id.includes('/zod/')) return 'zod';
          return 'vendor';
        },
      },
    },
  },
});
