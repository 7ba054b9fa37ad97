/**
 * The README's table of what the sandbox assumes about AWS stays true to the code. Each
 * behaviour the code assumes rather than knows carries a comment `Assumed(some-key): ...`; the
 * README's section "How this is tested, and what is assumed about AWS" has one row per key,
 * naming the file and the declaration the comment sits in (`local/restApis.ts` `applyPatch`).
 *
 * A comment belongs to a declaration when it lies inside it or just above it (its leading
 * comments). Keys, not line numbers, tie the two, so neither rots when code moves.
 */
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as ts from "typescript";

const REPO_ROOT = resolve(__dirname, "../../..");
const SKIPPED_DIRS = new Set(["node_modules", "dist", "tests", ".tools", ".git"]);
const SECTION = "## How this is tested, and what is assumed about AWS";

/** One `Assumed` marker in a source comment. */
export interface AssumptionComment {
  /** Repository-relative path, with forward slashes. */
  file: string;
  /** 1-based line of the marker. */
  line: number;
  /** The key in `Assumed(key):`; undefined when the marker carries none. */
  key?: string;
  /** The qualified names of the declarations the comment lies in or above, outermost first. */
  symbols: string[];
}

/** One row of the README's assumptions table. */
export interface AssumptionRow {
  /** The key in the first cell. */
  key: string;
  /** The file the last cell names, repository-relative. */
  file: string;
  /** The declaration the last cell names, qualified (`RestIntegrationModel.validate`). */
  symbol: string;
  /** 1-based line in the README. */
  line: number;
}

/** Every comment of a TypeScript source, as [start, end) offsets, each once. */
function commentRanges(sf: ts.SourceFile): ts.CommentRange[] {
  const text = sf.getFullText();
  const seen = new Map<number, ts.CommentRange>();
  const visit = (node: ts.Node): void => {
    if (ts.isJSDoc(node)) return;
    const children = node.getChildren(sf);
    if (children.length) {
      children.forEach(visit);
      return;
    }
    for (const r of [
      ...(ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []),
      ...(ts.getTrailingCommentRanges(text, node.getEnd()) ?? []),
    ])
      seen.set(r.pos, r);
  };
  visit(sf);
  return [...seen.values()].sort((a, b) => a.pos - b.pos);
}

/** The name of a declaration that can hold an assumption, if `node` is one. */
function declarationName(node: ts.Node): string | undefined {
  const named =
    ts.isFunctionDeclaration(node) ||
    ts.isClassDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isPropertyDeclaration(node) ||
    ts.isPropertyAssignment(node) ||
    ts.isVariableDeclaration(node) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isConstructorDeclaration(node);
  if (!named) return undefined;
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const name = (node as ts.NamedDeclaration).name;
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}

/**
 * Where a declaration's span begins: at the first of the comments right above it (no blank line
 * between), so a file's header comment belongs to no declaration. A lone `const x` owns the
 * comments of its statement.
 */
function ownedStart(node: ts.Node, sf: ts.SourceFile): number {
  const owner =
    ts.isVariableDeclaration(node) && ts.isVariableDeclarationList(node.parent) && node.parent.declarations.length === 1
      ? node.parent.parent
      : node;
  const text = sf.getFullText();
  let start = owner.getStart(sf);
  for (const r of [...(ts.getLeadingCommentRanges(text, owner.getFullStart()) ?? [])].reverse()) {
    if ((text.slice(r.end, start).match(/\n/g) ?? []).length > 1) break;
    start = r.pos;
  }
  return start;
}

/** The qualified names of the declarations whose span (leading comments included) holds `pos`. */
function enclosingSymbols(sf: ts.SourceFile, pos: number): string[] {
  const names: string[] = [];
  const visit = (node: ts.Node, prefix: string): void => {
    const owned = ownedStart(node, sf);
    // `export const x`: the declaration list starts after `export`, its comments before it.
    const from = ts.isVariableDeclarationList(node) ? node.parent.getFullStart() : Math.min(owned, node.getFullStart());
    if (pos < from || pos >= node.getEnd()) return;
    const name = declarationName(node);
    const qualified = name ? (prefix ? `${prefix}.${name}` : name) : prefix;
    if (name && pos >= owned) names.push(qualified);
    ts.forEachChild(node, (child) => visit(child, qualified));
  };
  ts.forEachChild(sf, (child) => visit(child, ""));
  return names;
}

/** The `Assumed` markers in the comments of one TypeScript source. */
export function findAssumptions(file: string, text: string): AssumptionComment[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: AssumptionComment[] = [];
  for (const range of commentRanges(sf)) {
    const comment = text.slice(range.pos, range.end);
    for (const m of comment.matchAll(/\bAssumed\b(?:\(([a-z0-9-]+)\):)?/g)) {
      const pos = range.pos + (m.index ?? 0);
      found.push({
        file,
        line: sf.getLineAndCharacterOfPosition(pos).line + 1,
        ...(m[1] ? { key: m[1] } : {}),
        symbols: enclosingSymbols(sf, pos),
      });
    }
  }
  return found;
}

/**
 * The rows of the assumptions table in the README's section: a row is a table line whose first
 * cell is a key in backticks and whose last cell names `file` `symbol`.
 */
export function parseAssumptionRows(readme: string): AssumptionRow[] {
  const lines = readme.split("\n");
  const start = lines.indexOf(SECTION);
  if (start < 0) return [];
  const rows: AssumptionRow[] = [];
  for (let i = start + 1; i < lines.length && !/^## /.test(lines[i]); i++) {
    const cells = lines[i].split("|").map((c) => c.trim());
    if (cells.length < 4 || cells[0] !== "" || cells[cells.length - 1] !== "") continue;
    const key = /^`([a-z0-9-]+)`$/.exec(cells[1]);
    const code = /^`([^`]+\.ts)` `([\w.]+)`$/.exec(cells[cells.length - 2]);
    if (key && code) rows.push({ key: key[1], file: code[1], symbol: code[2], line: i + 1 });
  }
  return rows;
}

/** What keeps the comments and the README rows from matching one to one; empty when they do. */
export function compareAssumptions(comments: AssumptionComment[], rows: AssumptionRow[]): string[] {
  const problems: string[] = [];
  const byKey = new Map<string, AssumptionComment>();
  for (const c of comments) {
    const at = `${c.file}:${c.line}`;
    if (!c.key) {
      problems.push(`${at}: an Assumed comment without a key; write "Assumed(some-key): ..." and add a README row for some-key`);
      continue;
    }
    const first = byKey.get(c.key);
    if (first) problems.push(`${at}: key ${c.key} is already used at ${first.file}:${first.line}; keys are unique`);
    else byKey.set(c.key, c);
  }
  const rowKeys = new Set<string>();
  for (const row of rows) {
    if (rowKeys.has(row.key)) problems.push(`README.md:${row.line}: a second row for key ${row.key}`);
    rowKeys.add(row.key);
    const c = byKey.get(row.key);
    if (!c) {
      problems.push(`README.md:${row.line}: the row for key ${row.key} matches no Assumed(${row.key}) comment in the source (stale row)`);
      continue;
    }
    if (row.file !== c.file)
      problems.push(`README.md:${row.line}: the row for key ${row.key} names ${row.file}, the comment is in ${c.file}:${c.line}`);
    else if (!c.symbols.includes(row.symbol))
      problems.push(
        `README.md:${row.line}: the row for key ${row.key} names ${row.symbol}, the comment at ${c.file}:${c.line} lies in ${c.symbols.join(", ") || "no declaration"}`,
      );
  }
  for (const [key, c] of byKey)
    if (!rowKeys.has(key)) problems.push(`${c.file}:${c.line}: key ${key} has no row in the README's section "${SECTION.slice(3)}"`);
  return problems;
}

/** Every .ts source of the repository outside node_modules, dist, tests and .tools, repository-relative. */
function sourceFiles(dir = REPO_ROOT, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(join(dir, entry.name), `${rel}/`);
    return entry.isFile() && rel.endsWith(".ts") ? [rel] : [];
  });
}

const SOURCE = `/**
 * Assumed(header-key): in a doc comment on a function.
 */
export function applyPatch(): void {
  const x = 1; // Assumed(inner-key): trailing, inside the function.
}
class Model {
  create(): void {
    // Assumed(method-key): inside a method.
  }
}
// Assumed(const-key): above a constant.
const MAX = 3;
const s = "Assumed: in a string, not a comment";
// Assumed: no key here.

/** Assumed(export-key): on an exported constant. */
export const ID = 1;
`;

const row = (key: string, file: string, symbol: string) => `| \`${key}\` | behaviour | undocumented | \`${file}\` \`${symbol}\` |`;
const readmeWith = (...rows: string[]) =>
  `# x\n\n${SECTION}\n\n| Key | Behaviour | AWS | Code |\n| --- | --- | --- | --- |\n${rows.join("\n")}\n\n## Next\n`;

describe("the README's table of assumptions about AWS", () => {
  it("finds each Assumed marker in comments only, with its key and the declaration it lies in or above", () => {
    const found = findAssumptions("local/x.ts", SOURCE);
    assert.deepEqual(
      found.map((c) => [c.line, c.key, c.symbols.at(-1)]),
      [
        [2, "header-key", "applyPatch"],
        [5, "inner-key", "applyPatch"],
        [9, "method-key", "Model.create"],
        [12, "const-key", "MAX"],
        [15, undefined, undefined],
        [17, "export-key", "ID"],
      ],
    );
  });

  it("reads rows only from its own section, as key, file and symbol", () => {
    const readme = `${row("outside", "a.ts", "b")}\n${readmeWith(row("k", "local/x.ts", "Model.create"), "| not | a | row |")}${row("after", "a.ts", "b")}\n`;
    assert.deepEqual(
      parseAssumptionRows(readme).map((r) => [r.key, r.file, r.symbol]),
      [["k", "local/x.ts", "Model.create"]],
    );
  });

  it("passes when each keyed comment has its row, naming its file and declaration", () => {
    const comments = findAssumptions("local/x.ts", SOURCE).filter((c) => c.key);
    const readme = readmeWith(
      row("header-key", "local/x.ts", "applyPatch"),
      row("inner-key", "local/x.ts", "applyPatch"),
      row("method-key", "local/x.ts", "Model.create"),
      row("const-key", "local/x.ts", "MAX"),
      row("export-key", "local/x.ts", "ID"),
    );
    assert.deepEqual(compareAssumptions(comments, parseAssumptionRows(readme)), []);
  });

  it("fails on a new comment without a row, naming its file, line and key, and on a comment without a key", () => {
    const comments = findAssumptions("local/x.ts", SOURCE).filter((c) => c.key !== "header-key" && c.key !== "inner-key");
    const readme = readmeWith(row("const-key", "local/x.ts", "MAX"), row("export-key", "local/x.ts", "ID"));
    assert.deepEqual(compareAssumptions(comments, parseAssumptionRows(readme)), [
      'local/x.ts:15: an Assumed comment without a key; write "Assumed(some-key): ..." and add a README row for some-key',
      `local/x.ts:9: key method-key has no row in the README's section "${SECTION.slice(3)}"`,
    ]);
  });

  it("fails on a stale row, a row naming another file or declaration, and a key used twice", () => {
    const comments = findAssumptions("local/x.ts", SOURCE).filter((c) => c.key);
    const twice = findAssumptions("provider/y.ts", "// Assumed(const-key): again.\nconst Y = 1;\n");
    const readme = readmeWith(
      row("header-key", "local/x.ts", "applyPatch"),
      row("inner-key", "provider/x.ts", "applyPatch"),
      row("method-key", "local/x.ts", "create"),
      row("const-key", "local/x.ts", "MAX"),
      row("gone-key", "local/x.ts", "MAX"),
      row("export-key", "local/x.ts", "ID"),
    );
    assert.deepEqual(compareAssumptions([...comments, ...twice], parseAssumptionRows(readme)), [
      "provider/y.ts:1: key const-key is already used at local/x.ts:12; keys are unique",
      "README.md:8: the row for key inner-key names provider/x.ts, the comment is in local/x.ts:5",
      "README.md:9: the row for key method-key names create, the comment at local/x.ts:9 lies in Model, Model.create",
      "README.md:11: the row for key gone-key matches no Assumed(gone-key) comment in the source (stale row)",
    ]);
  });

  it("holds for this repository: every Assumed comment has its row, and every row its comment", () => {
    const comments = sourceFiles().flatMap((file) => findAssumptions(file, readFileSync(join(REPO_ROOT, file), "utf8")));
    const rows = parseAssumptionRows(readFileSync(join(REPO_ROOT, "README.md"), "utf8"));
    assert.ok(rows.length > 0, `README.md has no assumptions table under "${SECTION}"`);
    assert.deepEqual(compareAssumptions(comments, rows), []);
  });
});
