/**
 * The kernel's and the devices' trees: what looks like a file or a folder there is not data a user keeps
 * (/proc/self/environ is the process's environment, /dev/zero never ends), so no path Robo reads its data
 * from or keeps its journal in may lead there, through a link or not.
 */
const SYSTEM_TREES = ['/proc', '/sys', '/dev'];

/** The system tree a real (link-resolved) path lies in, or undefined for ordinary storage. */
export function systemTreeOf(realPath: string): string | undefined {
  return SYSTEM_TREES.find((root) => realPath === root || realPath.startsWith(`${root}/`));
}
