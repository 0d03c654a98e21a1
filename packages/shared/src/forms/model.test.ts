import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every file a module pulls in, following relative imports (type-only imports are erased, so skipped). */
function importGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      if (m[1]) continue;
      const spec = m[2];
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => path.relative(path.resolve(import.meta.dirname, '..'), f)), packages: [...packages] };
}

describe('the answer engine without zod', () => {
  // The residents' phone pages import answers.ts (and errors.ts) by path to stay within their weight budget.
  it('answers.ts and errors.ts import no package at all', () => {
    const graph = importGraph(path.resolve(import.meta.dirname, 'answers.ts'));
    expect(graph.packages).toEqual([]);
    expect(graph.files.sort()).toEqual(['errors.ts', 'forms/answers.ts', 'forms/model.ts']);
    expect(importGraph(path.resolve(import.meta.dirname, '../errors.ts')).packages).toEqual([]);
  });

  it('the zod-free names are the same values through the shared index', async () => {
    const model = await import('./model.js');
    const definition = await import('./definition.js');
    expect(definition.MAX_TEXT_LENGTH).toBe(model.MAX_TEXT_LENGTH);
    expect(definition.questionsInOrder).toBe(model.questionsInOrder);
    expect(definition.formKinds).toBe(model.formKinds);
    expect(definition.FormKind.options).toEqual([...model.formKinds]);
  });
});
