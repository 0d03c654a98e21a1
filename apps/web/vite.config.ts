import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';

const here = path.dirname(fileURLToPath(import.meta.url));
// The API server for `vite` dev; MASSLINE_API points it elsewhere (e.g. a second server on 8099).
const server = process.env.MASSLINE_API ?? 'http://127.0.0.1:8080';

/**
 * `m-offline.json`: what the service worker (public/sw.js) caches so that the signed-in phone
 * pages (/m/) open offline: every file answer.html loads, its lazy chunks included, and a version
 * that changes whenever one of them does. `lazy` lists the files only the /m pages load (behind
 * the dynamic import of src/answer/mobile/), which the public form page's weight leaves out.
 * `opinions` lists the files only the opinion pages (/o/, /r, /p) load (behind the dynamic imports of
 * src/answer/opinions/, the QR code library included): neither cached for /m nor counted in the
 * form page's weight. `disclosure` lists the same for the rectification disclosure (/d/, behind the
 * dynamic imports of src/answer/disclosure/); a file both load (the QR code library, the receipt
 * page's verdict card) is in both lists.
 */
function phoneOfflineManifest(): Plugin {
  return {
    name: 'massline-phone-offline-manifest',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, { imports: string[]; dynamicImports: string[]; css: string[]; assets: string[]; mobile: boolean; opinions: boolean; disclosure: boolean }>();
      let entry: string | null = null;
      for (const out of Object.values(bundle)) {
        if (out.type !== 'chunk') continue;
        const meta = (out as { viteMetadata?: { importedCss?: Set<string>; importedAssets?: Set<string> } }).viteMetadata;
        const facade = (out.facadeModuleId ?? '').split(path.sep).join('/');
        chunks.set(out.fileName, {
          imports: out.imports, dynamicImports: out.dynamicImports,
          css: [...(meta?.importedCss ?? [])], assets: [...(meta?.importedAssets ?? [])],
          mobile: out.isDynamicEntry && facade.includes('/src/answer/mobile/'),
          opinions: out.isDynamicEntry && facade.includes('/src/answer/opinions/'),
          disclosure: out.isDynamicEntry && facade.includes('/src/answer/disclosure/'),
        });
        if (out.isEntry && facade.endsWith('/answer.html')) entry = out.fileName;
      }
      if (!entry) return this.error('answer.html has no entry chunk');
      // A disclosure page is one the entry opens (/d/…); the receipt page's verdict card, loaded by
      // /r from the same folder, is the opinion pages' weight.
      for (const [file, chunk] of chunks) chunk.disclosure &&= chunks.get(entry)!.dynamicImports.includes(file);
      const walk = (intoMobile: boolean, intoOpinions: boolean, intoDisclosure = false) => {
        const seen = new Set<string>();
        const files = new Set<string>();
        const visit = (file: string) => {
          const chunk = chunks.get(file);
          if (seen.has(file) || !chunk || (!intoMobile && chunk.mobile) || (!intoOpinions && chunk.opinions) || (!intoDisclosure && chunk.disclosure)) return;
          seen.add(file);
          files.add(file);
          for (const f of [...chunk.css, ...chunk.assets]) files.add(f);
          for (const f of [...chunk.imports, ...chunk.dynamicImports]) visit(f);
        };
        visit(entry!);
        return files;
      };
      const all = [...walk(true, false)].sort();
      const form = walk(false, false);
      const opinions = [...walk(true, true)].filter((f) => !all.includes(f)).sort();
      const disclosure = [...walk(true, false, true)].filter((f) => !all.includes(f)).sort();
      const version = createHash('sha256').update(all.join('\n')).digest('hex').slice(0, 16);
      const manifest = {
        version, entry: `/${entry}`, files: ['/favicon.svg', ...all.map((f) => `/${f}`)],
        lazy: all.filter((f) => !form.has(f)).map((f) => `/${f}`), opinions: opinions.map((f) => `/${f}`),
        disclosure: disclosure.map((f) => `/${f}`),
      };
      this.emitFile({ type: 'asset', fileName: 'm-offline.json', source: `${JSON.stringify(manifest, null, 1)}\n` });
    },
  };
}

export default defineConfig({
  plugins: [vue(), phoneOfflineManifest()],
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
            // The /m pages' IndexedDB helper: its own small chunk, not the staff app's vendor chunk.
            { name: 'idb-keyval', test: /node_modules[\\/]idb-keyval[\\/]/, priority: 15 },
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus|@floating-ui|lodash|lodash-es|lodash-unified|dayjs|@vueuse|async-validator|@ctrl)[\\/]/, priority: 10 },
            // Loaded only by the pages that draw charts or QR codes, never with the first page.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 5 },
            { name: 'qrcode', test: /node_modules[\\/](qrcode|dijkstrajs)[\\/]/, priority: 5 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 0 },
          ],
        },
      },
    },
  },
});
