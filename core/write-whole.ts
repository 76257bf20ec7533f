/** Writing a file a person will open: through a temporary file beside it and a rename, so a reader (or a crash) never sees half of it. */
import { rename, rm, writeFile } from 'node:fs/promises';

export async function writeWhole(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
