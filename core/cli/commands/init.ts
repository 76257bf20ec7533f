/**
 * `robo init [dir]`: a project of the user's own — a package.json that depends on robo-trader, the
 * example robo.config.yaml with its editor schema line pointing at robo.schema.json (what `robo schema`
 * writes; an editor checks the config against it before anything is installed), a .gitignore
 * that keeps the journal out of git, and a README stub — so that `npm install && npx robo start
 * robo.config.yaml` runs there. It never overwrites: a folder that already holds any of these files is
 * refused, naming them.
 */
import { lstatSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { RoboError } from '../../domain/errors.js';
import { fileProblem } from '../../file-problem.js';
import { makeFolders } from '../../folders.js';
import { PACKAGE_ROOT, ROBO_VERSION } from '../../robo-version.js';
import { shownFromHere } from '../shown-path.js';
import { EDITOR_SCHEMA_FILE, MODELINE_PREFIX, editorSchemaText } from '../editor-schema-file.js';

const FILES = ['package.json', 'robo.config.yaml', EDITOR_SCHEMA_FILE, '.gitignore', 'README.md'] as const;

export async function initCommand(dir: string | undefined): Promise<void> {
  const target = resolve(dir ?? '.');
  // Made (or found) first: a folder under /proc, or through a file, is refused before anything is written.
  const problem = makeFolders(target, 0o755);
  if (problem !== undefined) {
    throw new RoboError('ROBO_ERR_USAGE', `cannot make a project in ${shownFromHere(target)}: ${shownFromHere(problem.at)}: ${problem.why}`, {
      details: ['  choose a folder of your own: robo init my-robo'],
    });
  }
  const present = FILES.filter((file) => isThere(join(target, file)));
  if (present.length > 0) {
    throw new RoboError('ROBO_ERR_USAGE', `${shownFromHere(target)} already has ${present.join(', ')}; robo init never overwrites a file`, {
      details: ['  choose a new or empty folder: robo init my-robo'],
    });
  }
  const contents: Record<(typeof FILES)[number], string> = {
    'package.json': `${JSON.stringify(projectManifest(basename(target), ROBO_VERSION), null, 2)}\n`,
    'robo.config.yaml': exampleConfig(),
    [EDITOR_SCHEMA_FILE]: editorSchemaText('robo.config.yaml', { plugins: [] }),
    '.gitignore': 'node_modules/\n# The journal: every order and fill robo start made, kept next to the config. Back it up; never commit it.\n.robo/\n*.log\n',
    'README.md': readme(basename(target)),
  };
  writeAll(target, contents);
  const cd = relative(process.cwd(), target);
  process.stdout.write([
    `created ${FILES.join(', ')} in ${shownFromHere(target)}`,
    'next:',
    ...(cd === '' ? [] : [`  cd ${cd}`]),
    '  npm install',
    '  npx robo start robo.config.yaml     # a live session on the simulated broker; Ctrl-C stops it',
    '',
  ].join('\n'));
}

function projectManifest(folder: string, version: string): object {
  return {
    name: packageName(folder),
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      start: 'robo start robo.config.yaml',
      backtest: 'robo backtest robo.config.yaml',
      validate: 'robo validate robo.config.yaml',
    },
    dependencies: { 'robo-trader': `^${version}` },
  };
}

/** npm's rules for a name: lower case, no spaces, at most 214 characters; a folder name that breaks them becomes robo-project. */
function packageName(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '').slice(0, 214);
  return name === '' ? 'robo-project' : name;
}

/** The example config this package ships, with its editor schema line pointing at the project's robo.schema.json. */
function exampleConfig(): string {
  const text = readFileSync(new URL('robo.config.yaml', PACKAGE_ROOT), 'utf8');
  const lines = text.split('\n');
  if (!lines[0]?.startsWith(MODELINE_PREFIX)) throw new RoboError('ROBO_ERR_INTERNAL', 'the example robo.config.yaml lost its schema line');
  lines[0] = `${MODELINE_PREFIX}./${EDITOR_SCHEMA_FILE}`;
  return lines.join('\n');
}

function readme(name: string): string {
  return `# ${name}

Automated trading with [Robo](https://www.npmjs.com/package/robo-trader): the strategies, account and
safety settings are in \`robo.config.yaml\`.

\`\`\`sh
npm install                           # once
npx robo validate robo.config.yaml    # check the config without trading
npx robo backtest robo.config.yaml    # replay its market data as fast as possible
npx robo backtest robo.config.yaml --report report.html   # the same, with a report to open in a browser
npx robo start robo.config.yaml       # a live session; on the simulated broker until you change broker:
npx robo schema robo.config.yaml      # after adding or upgrading a plugin: refresh robo.schema.json
\`\`\`

Your editor checks \`robo.config.yaml\` as you type against \`robo.schema.json\` (the first line of the
config points at it; VS Code needs the YAML extension by Red Hat). It knows every setting, the strategy
kinds' params and the options of the plugins the config names when it was written.

The journal of every order and fill is kept in \`.robo/\` next to the config: back it up, never commit it.
Robo's manual is in \`node_modules/robo-trader/README.md\` and \`node_modules/robo-trader/docs/\`.
`;
}

/**
 * Writes the files, never over one (wx), or none: on a failure the ones already written are taken back,
 * so robo init can simply be run again once the cause is fixed.
 */
function writeAll(target: string, contents: Readonly<Record<(typeof FILES)[number], string>>): void {
  const written: string[] = [];
  for (const file of FILES) {
    const path = join(target, file);
    try {
      writeFileSync(path, contents[file], { flag: 'wx' });
      written.push(path);
    } catch (error) {
      // A file wx created before the write failed is ours too.
      if (isThere(path) && !(error as NodeJS.ErrnoException).code?.startsWith('EEXIST')) written.push(path);
      for (const made of written) rmSync(made, { force: true });
      throw new RoboError('ROBO_ERR_USAGE', `cannot write ${file} in ${shownFromHere(target)}: ${fileProblem(error)}`, {
        details: [`  nothing was left behind; fix that, then run robo init ${shownFromHere(target)} again`],
      });
    }
  }
}

/** Anything at the path, a link to nowhere included: writing through it would create a file elsewhere. */
function isThere(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
