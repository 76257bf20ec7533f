/**
 * uPlot's script and stylesheet, read from the installed package when the first report is written and
 * inlined into every page after, so a report opens with no network and no file beside it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface ChartLibrary {
  readonly script: string;
  readonly style: string;
  readonly version: string;
}

let loaded: ChartLibrary | undefined;

export function chartLibrary(): ChartLibrary {
  loaded ??= load();
  return loaded;
}

function load(): ChartLibrary {
  const require = createRequire(import.meta.url);
  const read = (path: string): string => readFileSync(require.resolve(`uplot/${path}`), 'utf8');
  const library = {
    script: read('dist/uPlot.iife.min.js'),
    style: read('dist/uPlot.min.css'),
    version: (JSON.parse(read('package.json')) as { version: string }).version,
  };
  // Inlined as they are: a closing tag inside either would end its element early. None does today; an
  // update that brought one must fail loudly here, not break every report quietly.
  if (/<\/script|<!--/i.test(library.script) || /<\/style/i.test(library.style)) {
    throw new Error(`uPlot ${library.version}'s files hold a closing tag and cannot be inlined into the report as they are`);
  }
  return library;
}
