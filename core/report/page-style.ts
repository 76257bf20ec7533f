/**
 * The report's stylesheet: dark text on white, the system's own fonts (nothing fetched), figures in
 * tabular digits so columns line up, one column of content that narrows with the window.
 */
export const PAGE_STYLE = `
:root {
  --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --faint: #f6f8fa; --accent: #0b4f9c;
  --up: #1a7f37; --down: #cf222e; --long: #1a7f37; --short: #cf222e;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
  --mono: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
}
* { box-sizing: border-box; }
html { background: #fff; color: var(--ink); font: 14px/1.5 var(--sans); -webkit-text-size-adjust: 100%; }
body { margin: 0; }
main, header .inner, footer { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header { border-bottom: 1px solid var(--rule); background: var(--faint); padding: 28px 0 20px; }
h1 { font-size: 24px; line-height: 1.25; margin: 0 0 4px; font-weight: 650; letter-spacing: -0.01em; }
.period { color: var(--muted); margin: 0 0 18px; }
.headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 10px; margin: 0; }
.headline div { background: #fff; border: 1px solid var(--rule); border-radius: 6px; padding: 10px 14px; }
.headline dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.headline dd { margin: 2px 0 0; font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
.headline dd small { display: block; font-size: 12px; font-weight: 400; color: var(--muted); white-space: normal; }
nav { max-width: 1180px; margin: 0 auto; padding: 10px 24px 0; font-size: 13px; display: flex; flex-wrap: wrap; gap: 4px 16px; }
nav a { color: var(--accent); text-decoration: none; white-space: nowrap; }
nav a:hover { text-decoration: underline; }
section { padding: 8px 0 20px; border-bottom: 1px solid var(--rule); }
section:last-of-type { border-bottom: none; }
h2 { font-size: 18px; font-weight: 650; margin: 22px 0 10px; }
h3 { font-size: 14px; font-weight: 600; margin: 18px 0 6px; }
.chart { width: 100%; margin: 0 0 8px; }
.chart-note { color: var(--muted); font-size: 12px; margin: 2px 0 12px; }
.key { display: inline-flex; align-items: center; gap: 4px; margin-right: 14px; }
.key svg { vertical-align: middle; }
.up { color: var(--up); } .down { color: var(--down); } .flat { color: var(--muted); }
.table-wrap { overflow-x: auto; margin: 0 0 14px; }
.table-wrap.scroll { max-height: 640px; overflow-y: auto; border: 1px solid var(--rule); border-radius: 6px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; }
table.trades, table.monthly { width: 100%; }
table.trades th, table.trades td { padding: 5px 8px; }
table.metrics th.num, table.costs th.num { min-width: 96px; }
th.group, td.group { border-left: 1px solid var(--rule); }
caption { text-align: left; font-weight: 600; padding: 0 0 6px; }
caption.sub { font-weight: 400; color: var(--muted); font-size: 12px; }
th, td { padding: 5px 10px; border-bottom: 1px solid #eaeef2; text-align: left; white-space: nowrap; }
thead th { font-weight: 600; color: var(--muted); font-size: 12px; border-bottom: 1px solid var(--rule); background: #fff; }
.scroll thead th { position: sticky; top: 0; z-index: 1; }
tbody th { font-weight: 500; }
tbody tr:nth-child(even) { background: #fbfcfd; }
.num { text-align: right; }
tr.total th, tr.total td { font-weight: 650; border-top: 1px solid var(--rule); }
table.monthly td, table.monthly th { text-align: center; padding: 6px 4px; min-width: 52px; }
table.monthly tbody tr:nth-child(even) { background: none; }
table.monthly td.year { font-weight: 650; border-left: 1px solid var(--rule); }
table.monthly td.none { background: var(--faint); }
.badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 11px; font-weight: 600; line-height: 18px; text-transform: uppercase; letter-spacing: 0.03em; }
.badge.long { background: rgba(26,127,55,0.12); color: var(--long); }
.badge.short { background: rgba(207,34,46,0.12); color: var(--short); }
.badge.open { background: rgba(11,79,156,0.12); color: var(--accent); }
.note { color: var(--muted); margin: 4px 0 10px; }
figure { margin: 0; }
figcaption { font-family: var(--mono); font-size: 12px; color: var(--muted); margin-bottom: 4px; }
pre { margin: 0; padding: 14px 16px; background: var(--faint); border: 1px solid var(--rule); border-radius: 6px; overflow: auto; font: 12.5px/1.55 var(--mono); max-height: 520px; }
footer { color: var(--muted); font-size: 12px; padding-top: 18px; padding-bottom: 32px; }
.uplot { font-family: var(--sans); }
.uplot .u-legend { font-size: 12px; text-align: left; margin: 2px 0 0 60px; }
.uplot .u-legend .u-marker { width: 12px; height: 3px; border-radius: 1px; }
.uplot .u-legend th { font-weight: 500; color: var(--ink); }
.uplot .u-legend td { font-variant-numeric: tabular-nums; min-width: 88px; }
.trade-tip { position: absolute; display: none; z-index: 10; pointer-events: none; white-space: pre; background: #fff; border: 1px solid var(--rule); border-radius: 6px; box-shadow: 0 2px 8px rgba(31,35,40,0.12); padding: 6px 9px; font-size: 12px; line-height: 1.45; font-variant-numeric: tabular-nums; }
.uplot tr, .uplot tr:nth-child(even) { background: none; }
.uplot th, .uplot td { border: none; padding: 1px 6px; background: none; }
@media (max-width: 640px) {
  main, header .inner, footer, nav { padding-left: 12px; padding-right: 12px; }
  .headline dd { font-size: 17px; }
}
@media print { .table-wrap.scroll { max-height: none; overflow: visible; } }
`;
