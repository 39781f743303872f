/**
 * ESLint rule `tailstream/no-import-cycle`: no module may reach itself through imports, type-only
 * imports included (a cycle of types is still two files that cannot be read one after the other),
 * and, for the roots named in `folders`, no folder may reach itself through its files' imports
 * (`renderer/stream` and `renderer/store` importing each other is a cycle even when no single
 * file is in one).
 *
 * It reads every TypeScript file under the configured roots once per lint run with TypeScript's
 * own import scanner (`ts.preProcessFile`: no type checking, a few milliseconds for the whole
 * repository), finds the strongly connected components of the import graph (Tarjan), and reports,
 * on each import that stays inside a component, one cycle it closes. Relative specifiers only:
 * packages cannot import back into the project.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Extensions of the modules in the graph. */
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts'];

/** Folders never scanned. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.tsbuild']);

/** Every source file under `dir`. */
function listSources(dir, out = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) listSources(full, out);
    } else if (SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The file a relative specifier names (`./a.js` is `./a.ts` in TypeScript's NodeNext style), or undefined. */
export function resolveSpecifier(fromFile, specifier, exists = (file) => fs.existsSync(file)) {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = base.replace(/\.(m?js|jsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  return candidates.find((file) => SOURCE_EXTENSIONS.some((ext) => file.endsWith(ext)) && exists(file));
}

/** The import graph of `files`: file -> files it imports (within the graph). */
export function importGraph(files, read = (file) => fs.readFileSync(file, 'utf8')) {
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const targets = new Set();
    for (const imported of ts.preProcessFile(read(file), true, false).importedFiles) {
      const target = resolveSpecifier(file, imported.fileName, (candidate) => known.has(candidate));
      if (target !== undefined) targets.add(target);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Strongly connected components of `graph` (Tarjan); maps each file in a cycle to its component id. */
export function cyclicComponents(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const component = new Map();
  let components = 0;
  const visit = (root) => {
    // Iterative, so a deep import chain cannot overflow the call stack.
    const work = [[root, 0]];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [node, next] = frame;
      const edges = graph.get(node) ?? [];
      if (next < edges.length) {
        frame[1]++;
        const target = edges[next];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push([target, 0]);
        } else if (onStack.has(target)) low.set(node, Math.min(low.get(node), index.get(target)));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) === index.get(node)) {
        const members = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          members.push(member);
        } while (member !== node);
        const selfLoop = (graph.get(node) ?? []).includes(node);
        if (members.length > 1 || selfLoop) {
          for (const m of members) component.set(m, components);
          components++;
        }
      }
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return component;
}

/** A shortest path of imports from `from` back to `to`, inside one component. */
export function pathWithin(graph, component, from, to) {
  const id = component.get(from);
  const previous = new Map([[from, undefined]]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift();
    if (node === to) break;
    for (const next of graph.get(node) ?? []) {
      if (component.get(next) !== id || previous.has(next)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  const chain = [];
  for (let node = to; node !== undefined; node = previous.get(node)) chain.unshift(node);
  return chain;
}

/**
 * The folder of `file` that counts as one unit under `folderRoots`: the first folder below the
 * root (`renderer/store`), or the root itself for its own files; undefined outside them.
 */
export function folderUnit(file, folderRoots) {
  for (const root of folderRoots) {
    const relative = path.relative(root, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const parts = relative.split(path.sep);
    return parts.length > 1 ? path.join(root, parts[0]) : root;
  }
  return undefined;
}

/** The graph between folder units: unit -> units its files import. */
export function folderGraph(graph, folderRoots) {
  const units = new Map();
  for (const [file, targets] of graph) {
    const from = folderUnit(file, folderRoots);
    if (from === undefined) continue;
    if (!units.has(from)) units.set(from, []);
    for (const target of targets) {
      const to = folderUnit(target, folderRoots);
      if (to !== undefined && to !== from && !units.get(from).includes(to)) units.get(from).push(to);
    }
  }
  return units;
}

/** One scan per lint run and set of options (the CLI lints many files with the same options). */
const scans = new Map();

function scan(cwd, roots, folders) {
  const key = JSON.stringify([cwd, roots, folders]);
  let result = scans.get(key);
  if (!result) {
    const files = roots.flatMap((root) => listSources(path.resolve(cwd, root)));
    const graph = importGraph(files);
    const folderRoots = folders.map((folder) => path.resolve(cwd, folder));
    const units = folderGraph(graph, folderRoots);
    result = { graph, component: cyclicComponents(graph), folderRoots, units, unitComponent: cyclicComponents(units) };
    scans.set(key, result);
  }
  return result;
}

/**
 * The rule. Options: `{ roots: ['renderer', 'src'], folders: ['renderer'] }`, relative to the
 * working directory: `roots` are scanned for files; under each of `folders`, every subfolder is
 * one unit whose imports must not come back to it either.
 */
export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between the project\'s modules.' },
    schema: [
      {
        type: 'object',
        properties: { roots: { type: 'array', items: { type: 'string' } }, folders: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
    messages: {
      cycle: 'Import cycle: {{chain}}. Move what both sides need into a lower module that imports neither.',
      folderCycle: 'Folder import cycle: {{chain}}. Move what both folders need into a lower folder that imports neither.',
    },
  },
  create(context) {
    const roots = context.options[0]?.roots ?? ['.'];
    const folders = context.options[0]?.folders ?? [];
    const cwd = context.cwd ?? process.cwd();
    const file = path.resolve(context.filename);
    const { graph, component, folderRoots, units, unitComponent } = scan(cwd, roots, folders);
    const unit = folderUnit(file, folderRoots);
    if (!component.has(file) && !(unit !== undefined && unitComponent.has(unit))) return {};
    const relative = (f) => path.relative(cwd, f) || '.';
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string') return;
      const target = resolveSpecifier(file, specifier, (candidate) => graph.has(candidate));
      if (target === undefined) return;
      if (component.has(file) && component.get(target) === component.get(file)) {
        const chain = pathWithin(graph, component, target, file).map(relative);
        context.report({ node: node.source, messageId: 'cycle', data: { chain: [relative(file), ...chain].join(' -> ') } });
        return;
      }
      const targetUnit = folderUnit(target, folderRoots);
      if (unit === undefined || targetUnit === undefined || targetUnit === unit || !unitComponent.has(unit)) return;
      if (unitComponent.get(targetUnit) !== unitComponent.get(unit)) return;
      const chain = pathWithin(units, unitComponent, targetUnit, unit).map(relative);
      context.report({ node: node.source, messageId: 'folderCycle', data: { chain: [`${relative(file)} (${relative(unit)})`, ...chain].join(' -> ') } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

/** The plugin, for `plugins: { tailstream: plugin }` in eslint.config.js. */
export default { rules: { 'no-import-cycle': noImportCycle } };
