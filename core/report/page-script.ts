/**
 * The script the report runs in the browser, after the inlined uPlot: it reads the JSON island and draws
 * the equity, drawdown and price charts, marks the trades on the price charts, and keeps every chart as
 * wide as its column. It leaves `window.__reportCharts` ({ id, series, points, markers, firstMark } per
 * chart, set at each draw) for tests to check what was drawn and to find a mark to hover.
 *
 * Plain ES2020 in a string, not TypeScript: it is inlined as it is, and the browser test runs it. It must
 * hold no backtick and no dollar-brace, which would end or interpolate this template.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var ZONE = 'America/New_York';
  var INK = '#1f2328', MUTED = '#59636e', GRID = '#eaeef2';
  var STRATEGY = '#0b4f9c', BENCHMARK = '#8c959f', CLOSE = '#1f2328', RANGE = 'rgba(11,79,156,0.10)';
  var LONG = '#1a7f37', SHORT = '#cf222e', WIN = 'rgba(26,127,55,0.75)', LOSS = 'rgba(207,34,46,0.75)';
  var FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif';
  var drawn = [];
  window.__reportCharts = [];

  function grouped(value, places) {
    var text = Math.abs(value).toFixed(places).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',');
    return (value < 0 && Number(text.replace(/,/g, '')) !== 0 ? '\\u2212' : '') + text;
  }
  function compact(value) {
    var size = Math.abs(value);
    if (size >= 1e6) return grouped(value / 1e6, 2) + 'M';
    if (size >= 1e4) return grouped(value / 1e3, 0) + 'k';
    return grouped(value, 0);
  }
  function legendValue(format) {
    return function (u, value) { return value == null ? '\\u2014' : format(value); };
  }
  var money = function (v) { return grouped(v, 2); };
  var pct = function (v) { return grouped(v, 2) + '%'; };

  function axes(yFormat, ySize) {
    var common = { stroke: MUTED, font: FONT, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID, width: 1, size: 4 } };
    return [
      Object.assign({}, common, { space: 70 }),
      Object.assign({}, common, { size: ySize || 64, values: function (u, ticks) { return ticks.map(yFormat); } }),
    ];
  }

  function record(id, u, marks) {
    var entry = { id: id, series: u.series.length - 1, points: u.data[0].length, markers: marks.count || 0 };
    // Where the first trade's entry is drawn, in CSS pixels from the page's top left: a test hovers there.
    if (marks.first) {
      var box = u.over.getBoundingClientRect();
      entry.firstMark = { x: box.left + window.scrollX + u.valToPos(marks.first[0], 'x'), y: box.top + window.scrollY + u.valToPos(marks.first[1], 'y') };
    }
    window.__reportCharts = window.__reportCharts.filter(function (e) { return e.id !== id; }).concat([entry]);
  }

  function chart(id, height, options, columns, overlay) {
    var element = document.getElementById(id);
    if (!element) return;
    options.width = Math.max(280, element.clientWidth);
    options.height = height;
    options.tzDate = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), ZONE); };
    options.hooks = Object.assign({ draw: [function (u) { record(id, u, overlay ? overlay(u) : {}); }] }, options.hooks || {});
    drawn.push({ element: element, height: height, plot: new uPlot(options, columns, element) });
  }

  function line(label, stroke, format, extra) {
    return Object.assign({ label: label, stroke: stroke, width: 1.5, value: legendValue(format), points: { show: false } }, extra || {});
  }

  var e = data.equity;
  var sync = { key: 'equity', setSeries: false };
  chart('chart-equity', 320, {
    cursor: { sync: sync, drag: { x: true, y: false } },
    scales: { x: { time: true } },
    series: [{ label: 'Session', value: '{YYYY}-{MM}-{DD}' }, line('Strategy', STRATEGY, money, { width: 2 }), line('Buy and hold', BENCHMARK, money, { dash: [6, 4] })],
    axes: axes(compact, 64),
  }, [e.time, e.strategy, e.benchmark]);
  chart('chart-drawdown', 170, {
    cursor: { sync: sync, drag: { x: true, y: false } },
    scales: { x: { time: true }, y: { range: function (u, min) { return [Math.min(min, -1) * 1.08, 0]; } } },
    series: [{ label: 'Session', value: '{YYYY}-{MM}-{DD}' }, line('Strategy drawdown', SHORT, pct, { fill: 'rgba(207,34,46,0.12)', width: 1.25 }), line('Buy and hold drawdown', BENCHMARK, pct, { width: 1 })],
    axes: axes(function (v) { return grouped(v, 0) + '%'; }, 64),
  }, [e.time, e.strategyDrawdown, e.benchmarkDrawdown]);

  function triangle(ctx, x, y, size, up) {
    var h = size * 1.1;
    ctx.beginPath();
    if (up) { ctx.moveTo(x, y); ctx.lineTo(x - size, y + h * 1.6); ctx.lineTo(x + size, y + h * 1.6); }
    else { ctx.moveTo(x, y); ctx.lineTo(x - size, y - h * 1.6); ctx.lineTo(x + size, y - h * 1.6); }
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
  }

  /** Entries as triangles at the entry price (up for long, down for short), exits as rings, joined by a dashed line green for a gain and red for a loss. */
  function tradeMarks(trades) {
    return function (u) {
      var ctx = u.ctx, ratio = uPlot.pxRatio, count = 0;
      // Hundreds of intraday trades on a few sessions: smaller marks, so the price stays readable under them.
      var scale = trades.length * 10 > u.bbox.width / ratio ? 0.6 : 1;
      ctx.save();
      ctx.beginPath();
      ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
      ctx.clip();
      ctx.lineWidth = 1.25 * ratio * (scale < 1 ? 0.8 : 1);
      trades.forEach(function (t) {
        var x0 = u.valToPos(t.entry[0], 'x', true), y0 = u.valToPos(t.entry[1], 'y', true);
        var color = t.direction === 'long' ? LONG : SHORT;
        if (t.exit) {
          var x1 = u.valToPos(t.exit[0], 'x', true), y1 = u.valToPos(t.exit[1], 'y', true);
          ctx.setLineDash([4 * ratio, 3 * ratio]);
          ctx.strokeStyle = t.netPnl >= 0 ? WIN : LOSS;
          ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillStyle = '#fff';
          ctx.strokeStyle = color;
          ctx.beginPath(); ctx.arc(x1, y1, 3.5 * ratio * scale, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
          count++;
        }
        ctx.fillStyle = color;
        ctx.strokeStyle = '#fff';
        triangle(ctx, x0, y0, 4.5 * ratio * scale, t.direction === 'long');
        count++;
      });
      ctx.restore();
      return { count: count, first: trades.length > 0 ? trades[0].entry : null };
    };
  }

  /** Hovering within a few pixels of a trade's mark shows what the trade was, in a box beside it. */
  function tradeTips(trades) {
    var tip = document.createElement('div');
    tip.className = 'trade-tip';
    return function (u) {
      if (!tip.parentNode) u.over.appendChild(tip);
      var left = u.cursor.left, top = u.cursor.top, best = null, bestDistance = 64;
      if (left == null || left < 0) { tip.style.display = 'none'; return; }
      trades.forEach(function (t) {
        [t.entry, t.exit].forEach(function (point) {
          if (!point) return;
          var dx = u.valToPos(point[0], 'x') - left, dy = u.valToPos(point[1], 'y') - top, distance = dx * dx + dy * dy;
          if (distance < bestDistance) { bestDistance = distance; best = { trade: t, x: left + dx, y: top + dy }; }
        });
      });
      if (!best) { tip.style.display = 'none'; return; }
      tip.textContent = best.trade.label;
      tip.style.display = 'block';
      var flip = best.x > u.over.clientWidth - 260;
      tip.style.left = (flip ? best.x - 12 - tip.offsetWidth : best.x + 12) + 'px';
      tip.style.top = Math.max(0, best.y - tip.offsetHeight / 2) + 'px';
    };
  }

  data.prices.forEach(function (p) {
    chart(p.id, 260, {
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: true } },
      series: [
        { label: 'Session', value: '{YYYY}-{MM}-{DD}' },
        line('High', 'rgba(11,79,156,0.25)', money, { width: 0.75 }),
        line('Low', 'rgba(11,79,156,0.25)', money, { width: 0.75 }),
        line('Close', CLOSE, money, { width: 1.25 }),
      ],
      bands: [{ series: [1, 2], fill: RANGE }],
      hooks: { setCursor: [tradeTips(p.trades)] },
      axes: axes(function (v) { return grouped(v, v >= 100 ? 0 : 2); }, 56),
    }, [p.time, p.high, p.low, p.close], tradeMarks(p.trades));
  });

  // One redraw per frame while the window is being resized, each chart as wide as its column.
  var pending = false;
  window.addEventListener('resize', function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      drawn.forEach(function (c) { c.plot.setSize({ width: Math.max(280, c.element.clientWidth), height: c.height }); });
    });
  });
})();
`;
