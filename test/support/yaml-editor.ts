/**
 * An editor's view of a config: the YAML language server that VS Code, Neovim and JetBrains run, as a
 * child process over stdio (the Language Server Protocol), with this test as the editor. It reads the
 * `# yaml-language-server: $schema=` line and the schema file from disk, as it does for a user.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';

export interface Diagnostic {
  readonly range: { readonly start: { readonly line: number; readonly character: number } };
  readonly message: string;
  readonly severity?: number;
}

export interface CompletionItem {
  readonly label: string;
}

export interface YamlEditor {
  /** Opens the file as an editor would and returns the problems the server reports for it. */
  diagnostics(file: string): Promise<readonly Diagnostic[]>;
  /** What the editor offers at a 0-based line and character of an opened file. */
  complete(file: string, line: number, character: number): Promise<readonly CompletionItem[]>;
  close(): Promise<void>;
}

const SERVER = join(createRequire(import.meta.url).resolve('yaml-language-server/package.json'), '../bin/yaml-language-server');

export async function startYamlEditor(rootFolder: string): Promise<YamlEditor> {
  const child: ChildProcess = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  if (!child.stdout || !child.stdin) throw new Error('the language server has no stdio');
  const connection: MessageConnection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = new Map<string, (diagnostics: readonly Diagnostic[]) => void>();
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
    published.get(params.uri)?.(params.diagnostics);
  });
  // The server asks its client for settings; an editor answers with the user's, here the defaults.
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(rootFolder).href,
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: false } } } },
  });
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('workspace/didChangeConfiguration', { settings: { yaml: { validate: true, completion: true, hover: true, schemaStore: { enable: false } } } });

  const opened = new Set<string>();
  const open = async (file: string): Promise<string> => {
    const uri = pathToFileURL(file).href;
    if (!opened.has(uri)) {
      opened.add(uri);
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(file, 'utf8') } });
    }
    return uri;
  };

  return {
    async diagnostics(file) {
      const uri = pathToFileURL(file).href;
      const arrived = new Promise<readonly Diagnostic[]>((resolve) => published.set(uri, resolve));
      await open(file);
      return arrived;
    },
    async complete(file, line, character) {
      const uri = await open(file);
      const result = await connection.sendRequest<{ items: CompletionItem[] } | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
      return Array.isArray(result) ? result : result?.items ?? [];
    },
    async close() {
      await connection.sendRequest('shutdown').catch(() => undefined);
      await connection.sendNotification('exit').catch(() => undefined);
      connection.dispose();
      child.kill();
    },
  };
}
