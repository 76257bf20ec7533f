/**
 * Loads @stoqey/ib on first use only, so a simulated run never loads the IB client (nor its
 * dependencies) and `robo` starts as fast as it did without it.
 */
const importIb = () => import('@stoqey/ib');

export type IbModule = Awaited<ReturnType<typeof importIb>>;

let loading: Promise<IbModule> | undefined;

export function loadIb(): Promise<IbModule> {
  const pending = loading ?? importIb();
  loading = pending;
  return pending;
}
