// The shape of the source tree: no file over 400 lines, no import cycle
// between TypeScript modules or between Rust modules (a parent declaring
// its children and a child using its ancestors do not count), and every
// public type defined outside the worker's internals.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));
const MAX_LINES = 400;

function walk(dir: string, ext: string, skip: (path: string) => boolean = () => false): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (skip(path)) return [];
    if (statSync(path).isDirectory()) return walk(path, ext, skip);
    return path.endsWith(ext) && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Strongly connected components of more than one node (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const tsFiles = walk(join(root, 'ts'), '.ts', (p) => /[/\\]wasm(-\w+)?$/.test(p));
const rsFiles = walk(join(root, 'crate', 'src'), '.rs');

function tsGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const known = new Set(tsFiles);
  for (const file of tsFiles) {
    const deps = new Set<string>();
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
      const target = normalize(join(dirname(file), m[1]!)).replace(/\.js$/, '.ts');
      for (const candidate of [target, join(target, 'index.ts')]) if (known.has(candidate)) deps.add(relative(root, candidate));
    }
    graph.set(relative(root, file), deps);
  }
  return graph;
}

/** A Rust file's module path: crate/src/train/row.rs → train::row, train/mod.rs → train. */
function modulePath(file: string): string[] {
  const parts = relative(join(root, 'crate', 'src'), file).replace(/\.rs$/, '').split(/[/\\]/);
  return ['mod', 'lib'].includes(parts.at(-1)!) ? parts.slice(0, -1) : parts;
}

function rsGraph(): Map<string, Set<string>> {
  const known = new Set(rsFiles.map((f) => modulePath(f).join('::')));
  const graph = new Map<string, Set<string>>();
  for (const file of rsFiles) {
    const own = modulePath(file);
    const source = readFileSync(file, 'utf8').split(/#\[cfg\(test\)\]\s*mod tests/)[0]!;
    const deps = new Set<string>();
    for (const m of source.matchAll(/\buse\s+((?:crate|super|self)(?:::\w+)+)/g)) {
      const path = m[1]!.split('::');
      let base: string[];
      if (path[0] === 'crate') base = [];
      else if (path[0] === 'self') base = own;
      else {
        base = own.slice(0, -1);
        path.shift();
        while (path[0] === 'super') {
          base = base.slice(0, -1);
          path.shift();
        }
        path.unshift('super');
      }
      let target = [...base, ...path.slice(1)];
      while (target.length > 0 && !known.has(target.join('::'))) target = target.slice(0, -1);
      const isAncestor = target.length < own.length && target.every((p, i) => own[i] === p);
      if (target.length > 0 && target.join('::') !== own.join('::') && !isAncestor) deps.add(target.join('::'));
    }
    graph.set(own.join('::'), deps);
  }
  return graph;
}

test(`no source file over ${MAX_LINES} lines`, () => {
  const long = [...tsFiles, ...rsFiles]
    .map((f) => ({ file: relative(root, f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
    .filter((f) => f.lines > MAX_LINES);
  assert.deepEqual(long, []);
});

test('no import cycle between TypeScript modules', () => {
  assert.deepEqual(cycles(tsGraph()), []);
});

test('no use cycle between Rust modules', () => {
  assert.deepEqual(cycles(rsGraph()), []);
});

test('the cycle finder finds a cycle', () => {
  const g = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
  assert.deepEqual(cycles(g), [['a', 'b', 'c']]);
});

/** Each name the package root exports (`ts/node.ts`, `ts/browser.ts`) with its declarations. */
function publicSymbols(): Map<string, ts.Declaration[]> {
  const entries = ['node.ts', 'browser.ts'].map((f) => join(root, 'ts', f));
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram(entries, { ...config!.options, noEmit: true });
  const checker = program.getTypeChecker();
  const found = new Map<string, ts.Declaration[]>();
  for (const entry of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      found.set(exported.name, [...new Set([...(found.get(exported.name) ?? []), ...(symbol.declarations ?? [])])]);
    }
  }
  return found;
}

const exported = publicSymbols();

/** The files that declare each public name. */
function publicDeclarations(): Map<string, string[]> {
  return new Map([...exported].map(([name, decls]) => [name, [...new Set(decls.map((d) => relative(root, d.getSourceFile().fileName)))]]));
}

test('every public type is declared outside ts/worker/', () => {
  const declared = publicDeclarations();
  // The resolver sees through re-exports: a known type lands in its defining file.
  assert.deepEqual(declared.get('LoadRatingsOptions'), [join('ts', 'protocol', 'data.ts')]);
  assert.ok(declared.size > 50, `only ${declared.size} exports found`);
  const inWorker = [...declared].filter(([, files]) => files.length === 0 || files.some((f) => f.startsWith(join('ts', 'worker'))));
  assert.deepEqual(inWorker, []);
});

/**
 * Public members of exported classes that are marked `@internal`: callable
 * at run time but missing from the typings, i.e. escape hatches into the
 * worker (the objects an engine returns keep their handles in `worker_call.ts`).
 */
test('no public @internal member on an exported class', () => {
  const hatches: string[] = [];
  for (const [name, decls] of exported) {
    for (const decl of decls.filter(ts.isClassDeclaration)) {
      for (const member of decl.members) {
        if (ts.isConstructorDeclaration(member) || !member.name || ts.isPrivateIdentifier(member.name)) continue;
        const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) ?? [] : [];
        if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
        const internal = ts.getJSDocTags(member).some((t) => t.tagName.text === 'internal');
        if (internal) hatches.push(`${name}.${member.name.getText()}`);
      }
      for (const param of decl.members.filter(ts.isConstructorDeclaration).flatMap((c) => [...c.parameters])) {
        const modifiers = ts.getModifiers(param) ?? [];
        const isProperty = modifiers.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword || m.kind === ts.SyntaxKind.PublicKeyword);
        if (isProperty && ts.getJSDocTags(param).some((t) => t.tagName.text === 'internal')) hatches.push(`${name}.${param.name.getText()}`);
      }
    }
  }
  assert.ok(exported.has('Engine'));
  assert.deepEqual(hatches, []);
});
