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
      // The phone pages import single shared files (the answer engine) without the index and its
      // zod schemas. More specific than the next entry, so listed first.
      '@massline/shared/src': path.resolve(here, '../../packages/shared/src'),
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
    // Older than Vite's default (Chrome 111 / Safari 16.4): WeChat on iOS uses the phone's own
    // WebKit, and the residents' phones are often years old. Only syntax is lowered; it costs ~nothing.
    target: ['es2020', 'chrome87', 'safari14', 'edge88', 'firefox78'],
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      // Two pages: the staff app, and the residents' phone pages (light: Vue and a few Vant parts).
      input: { index: path.resolve(here, 'index.html'), answer: path.resolve(here, 'answer.html') },
      output: {
        // Named groups, taken in priority order (each with what it imports, unless a higher group
        // took that first). Vue is shared by both pages; Vant only the phone pages use; Element
        // Plus, zod and the rest (router, pinia, vue-i18n, …) only the staff app. One catch-all
        // vendor chunk, or Element Plus taking Vue along, would make every phone load them.
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](vue|@vue[\\/](shared|reactivity|runtime-core|runtime-dom))[\\/]/, priority: 40 },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/, priority: 30 },
            { name: 'vant', test: /node_modules[\\/](vant|@vant)[\\/]/, priority: 20 },
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus|@floating-ui|lodash|lodash-es|lodash-unified|dayjs|@vueuse|async-validator|@ctrl)[\\/]/, priority: 10 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 0 },
          ],
        },
      },
    },
  },
});
