/**
 * The manual keeps its promises: every relative link in README.md, docs/ and the examples' READMEs
 * reaches a file (and a heading, when it names one), and every YAML example validates — a fragment of a
 * config merged into the example config, then `robo validate` as a child process, as a reader would
 * paste it. A block is marked in the page when it is something else:
 *   <!-- example: file NAME, named by KEY -->  the block is the file NAME the page's configs refer to; it is
 *                                              also validated on its own, named by the config key KEY
 *   <!-- example: not validated (why) -->      skipped, with the reason
 *   <!-- example: cookbook (…) -->             a complete strategy entry of docs/strategies.md's cookbook:
 *                                              skipped here, since test/docs/cookbook.test.ts validates it
 *                                              on the data it needs and backtests it besides
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, runRobo } from '../support/cli.js';

const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), 'examples/robo-plugin-trade-log/README.md', 'examples/robo-strategy-opening-range/README.md'];

interface Block {
  readonly page: string;
  readonly line: number;
  readonly lang: string;
  readonly text: string;
  /** The `<!-- example: … -->` marker just before it, if any. */
  readonly marker: string | undefined;
}

function blocksOf(page: string): Block[] {
  const lines = readFileSync(join(ROOT, page), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = open[1] ?? '';
    const end = lines.findIndex((line, j) => j > i && line.trimEnd() === `${indent}\`\`\``);
    const body = lines.slice(i + 1, end).map((line) => line.slice(indent.length)).join('\n');
    let before = i - 1;
    while (before >= 0 && (lines[before] ?? '').trim() === '') before--;
    const marker = /<!-- example: (.*?) -->/.exec(lines[before] ?? '')?.[1];
    blocks.push({ page, line: i + 1, lang: open[2] ?? '', text: body, marker });
    i = end;
  }
  return blocks;
}

/** A fragment laid over the example config: mappings merge, except one that names another kind or source, which replaces. */
function merged(base: unknown, fragment: unknown): unknown {
  if (!isMapping(base) || !isMapping(fragment)) return fragment;
  const replaces = ['kind', 'source'].some((key) => key in fragment && fragment[key] !== base[key]);
  if (replaces) return fragment;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(fragment)) out[key] = key in base ? merged(base[key], value) : value;
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const FILE_MARKER = /^file (\S+), named by (\S+)$/;

/** A config example to validate: a fragment of the config, or a file the config names at a key. */
interface Example {
  readonly block: Block;
  readonly fragment: unknown;
}

/** `{ safety: { costs: { ratesFiles: [name] } } }` for `safety.costs.ratesFiles`: a key ending in Files takes a list. */
function naming(key: string, name: string): unknown {
  return key.split('.').reduceRight<unknown>((inner, part) => ({ [part]: inner }), key.endsWith('Files') ? [name] : name);
}

const examples: Example[] = PAGES.flatMap(blocksOf).flatMap((block): Example[] => {
  if (block.marker === undefined) return block.lang === 'yaml' ? [{ block, fragment: parse(block.text) }] : [];
  const file = FILE_MARKER.exec(block.marker);
  if (file) return [{ block, fragment: naming(file[2] ?? '', file[1] ?? '') }];
  if (block.marker.startsWith('not validated (') || block.marker.startsWith('cookbook (')) return [];
  throw new Error(`${block.page}:${block.line}: unknown example marker "${block.marker}"`);
});

describe('the YAML examples of the manual', () => {
  it.each(examples.map((example) => [`${example.block.page}:${example.block.line}`, example] as const))('when %s is laid over the example config then robo validate accepts it', async (_, { block, fragment }) => {
    // Arrange: the page's files, then the config
    const dir = mkdtempSync(join(tmpdir(), 'robo-docs-'));
    for (const file of blocksOf(block.page)) {
      const name = FILE_MARKER.exec(file.marker ?? '')?.[1];
      if (name !== undefined) writeFileSync(join(dir, name), file.text);
    }
    const base = parse(readFileSync(join(ROOT, 'robo.config.yaml'), 'utf8')) as unknown;
    const config = join(dir, 'robo.config.yaml');
    writeFileSync(config, stringify(merged(base, fragment)));

    // Act
    const result = await runRobo(['validate', config], { env: { IB_ACCOUNT: 'DU1234567' }, timeoutMs: 30_000 });

    // Assert
    expect(result.stderr, `${block.page}:${block.line}\n${block.text}`).not.toContain('robo:');
    expect(result.code).toBe(0);
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[`*_]/g, '').replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1] ?? '')));
}

describe('the links of the manual', () => {
  it.each(PAGES)('when %s links to a file or a heading then it exists', (page) => {
    const text = readFileSync(join(ROOT, page), 'utf8').replace(/^\s*```[\s\S]*?^\s*```/gm, '');
    const broken: string[] = [];
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1] ?? '';
      if (/^(https?:|mailto:)/.test(target)) continue;
      const [path = '', anchor] = target.split('#');
      const file = path === '' ? join(ROOT, page) : join(ROOT, dirname(page), path);
      if (!existsSync(file)) broken.push(`${target} (no ${relative(ROOT, file)})`);
      else if (anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(anchor)) broken.push(`${target} (no heading #${anchor})`);
    }
    expect(broken).toEqual([]);
  });
});
