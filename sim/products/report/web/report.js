// readysim report: builds the page from the data the CLI wrote into #readysim-data, with Leaflet
// (the map, in the road graph's own metres: L.CRS.Simple, no tiles) and Chart.js (the charts).
// When done, <body> carries data-ready="1" and data-road-features (the road layer's features),
// which the browser test reads; script errors land in data-errors (see the page's <head>).
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('readysim-data').textContent);
  var FONT = getComputedStyle(document.body).fontFamily;
  function t(k) { return D.labels[k] !== undefined ? D.labels[k] : k; }
  function fill(s, args) { return s.replace(/\{(\d)\}/g, function (m, i) { return args[+i]; }); }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k]; else if (k === 'html') e.innerHTML = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; });
  }
  function num(v, d) { return v === null || v === undefined || !isFinite(v) ? '—' : (+v).toFixed(d === undefined ? 1 : d); }
  function pct(v) { return v === null || v === undefined ? '—' : Math.round(v * 1000) / 10 + ' %'; }

  // Colour ramps: time (early = dark red, late = pale yellow) and 0..1 shares.
  var TIME = ['#7f0000', '#c62828', '#ef6c00', '#f9a825', '#fff176'];
  var WATER = ['#08306b', '#2171b5', '#4eb3d3', '#a8ddb5', '#e0f3db'];
  var VIRIDIS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];
  function ramp(stops, f) {
    f = Math.max(0, Math.min(1, f));
    var x = f * (stops.length - 1), i = Math.min(stops.length - 2, Math.floor(x)), u = x - i;
    var a = parseInt(stops[i].slice(1), 16), b = parseInt(stops[i + 1].slice(1), 16);
    var c = [16, 8, 0].map(function (s) { return Math.round(((a >> s) & 255) * (1 - u) + ((b >> s) & 255) * u); });
    return 'rgb(' + c.join(',') + ')';
  }
  function gradient(stops) { return 'linear-gradient(to right,' + stops.join(',') + ')'; }
  var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];
  var CLASS_STYLE = {
    provincial: ['#b03a2e', 5], national: ['#b03a2e', 5], motorway: ['#8e2a20', 6], trunk: ['#b03a2e', 5],
    county: ['#d68910', 4], primary: ['#d68910', 4], secondary: ['#d4ac0d', 3.5], tertiary: ['#7d8c2e', 3],
    township: ['#7d8c2e', 3], village: ['#5d6d7e', 2], residential: ['#5d6d7e', 2], levee: ['#1565c0', 3],
    farm: ['#9e9e9e', 1.5], service: ['#9e9e9e', 1.5], unclassified: ['#808b96', 2]
  };
  function className(c) { return D.labels['class_' + c] !== undefined ? D.labels['class_' + c] : c; }
  function classStyle(c, i) { return CLASS_STYLE[c] || [PALETTE[i % PALETTE.length], 2]; }

  var M = D.map, root = document.getElementById('report');
  var state = { roadFeatures: 0, charts: 0 };

  // ---- header ----
  var title = t('title') + ' — ' + (D.lang === 'zh' && D.local_name ? D.local_name : D.district);
  document.title = title;
  var meta = el('dl');
  function metaRow(k, v) { if (v !== '' && v !== -1 && v !== null) { meta.appendChild(el('dt', { text: t(k) })); meta.appendChild(el('dd', { text: String(v) })); } }
  metaRow('source', D.results_path); metaRow('scenario', D.scenario_path); metaRow('scenario_b', D.scenario_b_path);
  metaRow('study', D.study_path); metaRow('seed', D.seed); metaRow('replications', D.replications);
  metaRow('version', D.version + (D.git_hash ? ' (' + D.git_hash + ')' : ''));
  root.appendChild(el('header', null, [
    el('h1', { text: title + (D.lang !== 'zh' && D.local_name ? ' · ' + D.local_name : '') }),
    el('p', { 'class': 'kind', text: t('kind_' + D.kind) }), meta]));

  // ---- map ----
  var mapSection = el('section', { id: 'map-section' }, [el('h2', { text: t('sec_map') }), el('p', { 'class': 'note', text: t('map_note') })]);
  if (M.flood) mapSection.appendChild(el('p', { 'class': 'note', text: fill(t('flood_note'), [M.flood.replications]) }));
  // Beside the map, not over it: the layer switches, then the legend (a control in the map's
  // corner covered the district's north-east).
  var mapDiv = el('div', { id: 'map' }), legendDiv = el('div', { 'class': 'legend', id: 'legend' });
  var layersDiv = el('div', { 'class': 'layers', id: 'layers' }, [el('h3', { text: t('map_layers') })]);
  mapSection.appendChild(el('div', { 'class': 'mapwrap' }, [mapDiv, el('div', { 'class': 'side' }, [layersDiv, legendDiv])]));
  root.appendChild(mapSection);

  var map = L.map(mapDiv, { crs: L.CRS.Simple, minZoom: -14, maxZoom: 8, zoomSnap: 0.25, zoomDelta: 0.5,
    preferCanvas: true, attributionControl: false });
  function ll(n) { return [M.y[n], M.x[n]]; }
  function nodeName(n) { return M.node_name[n] || t('tip_junction'); }
  function line(k, v) { return '<br>' + esc(t(k)) + ': ' + esc(v); }
  var nodeTip = function (n) {
    var s = '<b>' + esc(nodeName(n)) + '</b>';
    if (M.elevation_m[n] !== null) s += line('tip_elevation', num(M.elevation_m[n], 2) + ' m');
    if (M.first_due[n] >= 0) s += line('tip_first_due', M.stations.name[M.first_due[n]]) + line('tip_drive', num(M.first_due_min[n], 1) + ' ' + t('legend_min'));
    if (M.response_count && M.response_count[n] > 0)
      s += line('tip_median_response', num(M.response_median_min[n], 1) + ' ' + t('legend_min')) + line('tip_fires', M.response_count[n]);
    if (M.flood) {
      s += line('tip_flooded', M.flood.node_flooded_h[n] === null ? t('legend_never') : num(M.flood.node_flooded_h[n], 1) + ' h');
      s += line('tip_flooded_share', pct(M.flood.node_flooded_share[n]));
    }
    return s;
  };

  // Roads by class: one feature per directed segment of the graph.
  var roads = L.featureGroup(), overlays = {};
  for (var e = 0; e < M.from.length; e++) {
    var cs = classStyle(M.classes[M['class'][e]], M['class'][e]);
    var pl = L.polyline([ll(M.from[e]), ll(M.to[e])], { color: cs[0], weight: cs[1], opacity: 0.85 });
    pl.segment = e;
    pl.bindTooltip(function (layer) {
      var s = layer.segment, txt = '<b>' + esc(t('tip_road')) + ' · ' + esc(className(M.classes[M['class'][s]])) + '</b><br>' +
        esc(nodeName(M.from[s])) + ' → ' + esc(nodeName(M.to[s])) + line('tip_length', num(M.length_m[s], 0) + ' m');
      if (M.flood) {
        txt += line('tip_closed', M.flood.segment_closed_h[s] === null ? t('legend_never') : num(M.flood.segment_closed_h[s], 1) + ' h');
        txt += line('tip_closed_share', pct(M.flood.segment_closed_share[s]));
      }
      return txt;
    }, { sticky: true });
    roads.addLayer(pl);
  }
  state.roadFeatures = roads.getLayers().length;
  roads.addTo(map);
  overlays[t('map_roads')] = roads;

  // Flood: roads coloured by when cars stop passing, nodes by when water arrives (medians).
  var floodMax = D.horizon_h || 24;
  if (M.flood) {
    var fr = L.featureGroup();
    M.flood.segment_closed_h.forEach(function (h, s) {
      if (h === null) return;
      var p = L.polyline([ll(M.from[s]), ll(M.to[s])], { color: ramp(TIME, h / floodMax), weight: 5, opacity: 0.95 });
      p.bindTooltip(function () {
        return '<b>' + esc(t('tip_road')) + ' · ' + esc(className(M.classes[M['class'][s]])) + '</b><br>' + esc(nodeName(M.from[s])) + ' → ' +
          esc(nodeName(M.to[s])) + line('tip_closed', num(h, 1) + ' h') + line('tip_closed_share', pct(M.flood.segment_closed_share[s]));
      }, { sticky: true });
      fr.addLayer(p);
    });
    fr.addTo(map);
    overlays[t('map_flood_roads')] = fr;
    var fn = L.featureGroup();
    M.flood.node_flooded_h.forEach(function (h, n) {
      var c = L.circleMarker(ll(n), { radius: 4, weight: 1, color: '#263238', fillOpacity: 0.9,
        fillColor: h === null ? '#ffffff' : ramp(WATER, h / floodMax) });
      c.bindTooltip(function () { return nodeTip(n); });
      fn.addLayer(c);
    });
    fn.addTo(map);
    overlays[t('map_flood_nodes')] = fn;
  }

  // Stations' first-due areas: each node in its first-due station's colour.
  if (M.stations.name.length) {
    var fd = L.featureGroup();
    M.first_due.forEach(function (k, n) {
      if (k < 0) return;
      var c = L.circleMarker(ll(n), { radius: 3, stroke: false, fillOpacity: 0.75, fillColor: PALETTE[k % PALETTE.length] });
      c.bindTooltip(function () { return nodeTip(n); });
      fd.addLayer(c);
    });
    if (!M.flood) fd.addTo(map);
    overlays[t('map_first_due')] = fd;
  }

  // Median response time per node where fires burned.
  var respMax = 20;
  if (M.response_median_min) {
    var rl = L.featureGroup();
    M.response_median_min.forEach(function (v, n) {
      if (!M.response_count[n]) return;
      var c = L.circleMarker(ll(n), { radius: 3 + Math.min(6, Math.sqrt(M.response_count[n])), weight: 1, color: '#263238',
        fillOpacity: 0.9, fillColor: ramp(VIRIDIS, 1 - Math.min(1, (v || 0) / respMax)) });
      c.bindTooltip(function () { return nodeTip(n); });
      rl.addLayer(c);
    });
    if (!M.flood && rl.getLayers().length) rl.addTo(map);
    if (rl.getLayers().length) overlays[t('map_response')] = rl;
  }

  // Places.
  function placeLayer(key, items, style, tip) {
    var g = L.featureGroup();
    items.forEach(function (p) {
      var c = L.circleMarker(ll(p.node), style(p));
      c.bindTooltip(function () { return '<b>' + esc(p.name) + '</b>' + tip(p); });
      g.addLayer(c);
    });
    if (items.length) { g.addTo(map); overlays[t(key)] = g; }
  }
  var offices = M.places.filter(function (p) { return p.kind === 'community_office'; });
  var risks = M.places.filter(function (p) { return p.kind === 'risk_point'; });
  placeLayer('map_risk_points', risks, function () { return { radius: 4, weight: 1, color: '#6d4c41', fillColor: '#ffab40', fillOpacity: 0.9 }; },
    function () { return '<br>' + esc(t('kind_risk_point')); });
  placeLayer('map_settlements', M.settlements, function (p) {
    var c = p.safe_share === undefined ? '#90a4ae' : p.safe_share >= 0.995 ? '#2e7d32' : p.safe_share >= 0.9 ? '#9ccc65' : p.safe_share >= 0.5 ? '#ffb300' : '#c62828';
    return { radius: 4 + Math.min(5, Math.sqrt(p.population) / 6), weight: 1, color: '#1b1b1b', fillColor: c, fillOpacity: 0.95 };
  }, function (p) {
    return '<br>' + esc(t('kind_settlement')) + line('tip_population', p.population) +
      (p.safe_share !== undefined ? line('tip_safe_share', pct(p.safe_share)) : '');
  });
  placeLayer('map_offices', offices, function () { return { radius: 6, weight: 2, color: '#4a148c', fillColor: '#ce93d8', fillOpacity: 1 }; },
    function () { return '<br>' + esc(t('kind_community_office')); });
  placeLayer('map_shelters', M.shelters, function (p) {
    var f = p.peak_mean === undefined ? null : p.peak_mean / Math.max(1, p.capacity);
    var c = f === null ? '#64b5f6' : f >= 0.999 ? '#c62828' : f >= 0.8 ? '#ffb300' : '#43a047';
    return { radius: 6 + Math.min(8, Math.sqrt(p.capacity) / 8), weight: 2, color: '#0d47a1', fillColor: c, fillOpacity: 0.95 };
  }, function (p) {
    var s = '<br>' + esc(t('kind_shelter')) + line('tip_capacity', p.capacity);
    if (p.peak_mean !== undefined) s += line('tip_peak_mean', num(p.peak_mean, 0) + ' (' + pct(p.peak_mean / Math.max(1, p.capacity)) + ')') +
      line('tip_peak_max', num(p.peak_max, 0)) + line('tip_turned_away', num(p.turned_away_mean, 1));
    return s;
  });
  placeLayer('map_depots', M.depots, function (p) {
    return { radius: 6, weight: 2, color: '#3e2723', fillColor: p.stockouts.length ? '#d32f2f' : '#8d6e63', fillOpacity: 1 };
  }, function (p) {
    if (!p.stockouts.length) return '<br>' + esc(t('kind_depot')) + '<br>' + esc(t('tip_no_stockout'));
    return '<br>' + esc(t('kind_depot')) + p.stockouts.map(function (s) {
      return '<br>' + esc(s.item) + ': ' + esc(t('tip_stockout')) + ' ' + pct(s.share) + ' ' + esc(t('tip_of_replications'));
    }).join('');
  });
  var stations = M.stations.name.map(function (name, k) { return { name: name, node: M.stations.node[k], engines: M.stations.engines[k], k: k }; });
  placeLayer('map_stations', stations, function (p) {
    return { radius: 9, weight: 3, color: '#b71c1c', fillColor: PALETTE[p.k % PALETTE.length], fillOpacity: 1 };
  }, function (p) { return '<br>' + esc(t('kind_station')) + line('tip_engines', p.engines); });

  var layerControl = L.control.layers(null, overlays, { collapsed: false, position: 'topright' }).addTo(map);
  layersDiv.appendChild(layerControl.getContainer());  // its handlers go with its element
  L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);

  // Legend.
  (function () {
    var h = '<h4>' + esc(t('map_roads')) + '</h4>';
    M.classes.forEach(function (c, i) { var s = classStyle(c, i); h += '<div><span class="sw" style="background:' + s[0] + ';height:' + Math.max(2, s[1]) + 'px"></span>' + esc(className(c)) + '</div>'; });
    if (M.flood) {
      h += '<h4>' + esc(t('map_flood_roads')) + '</h4><div>0<span class="ramp" style="background:' +
        gradient(TIME) + '"></span>' + num(floodMax, 0) + ' ' + esc(t('legend_h')) + '</div>';
      h += '<h4>' + esc(t('map_flood_nodes')) + '</h4><div>0<span class="ramp" style="background:' +
        gradient(WATER) + '"></span>' + num(floodMax, 0) + ' ' + esc(t('legend_h')) + '</div><div><span class="dot" style="background:#fff"></span>' + esc(t('legend_never')) + '</div>';
    }
    if (M.response_median_min) h += '<h4>' + esc(t('map_response')) + '</h4><div>≥' + respMax + '<span class="ramp" style="background:' +
      gradient(VIRIDIS) + '"></span>0 ' + esc(t('legend_min')) + '</div>';
    if (stations.length) {
      h += '<h4>' + esc(t('map_first_due')) + '</h4>';
      stations.forEach(function (s) { h += '<div><span class="dot" style="background:' + PALETTE[s.k % PALETTE.length] + '"></span>' + esc(s.name) + '</div>'; });
    }
    if (M.shelters.length) h += '<h4>' + esc(t('map_shelters')) + '</h4><div><span class="dot" style="background:#43a047"></span><span class="dot" style="background:#ffb300"></span><span class="dot" style="background:#c62828"></span>' + esc(t('legend_occupancy')) + '</div>';
    if (M.settlements.length) h += '<h4>' + esc(t('map_settlements')) + '</h4><div><span class="dot" style="background:#2e7d32"></span><span class="dot" style="background:#9ccc65"></span><span class="dot" style="background:#c62828"></span>' + esc(t('legend_safe')) + '</div>';
    if (M.depots.length) h += '<h4>' + esc(t('map_depots')) + '</h4><div><span class="dot" style="background:#8d6e63"></span><span class="dot" style="background:#d32f2f"></span>' + esc(t('legend_stockout')) + '</div>';
    legendDiv.innerHTML = '<h3>' + esc(t('legend')) + '</h3>' + h;
  })();
  var focus = L.latLngBounds([M.focus[1], M.focus[0]], [M.focus[3], M.focus[2]]);
  map.fitBounds(focus, { padding: [20, 20] });

  // ---- charts ----
  Chart.defaults.font.family = FONT;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  var C = D.charts, chartSection = el('section', { id: 'charts' }, [el('h2', { text: t('sec_charts') })]);
  var grid = el('div', { 'class': 'charts' });
  chartSection.appendChild(grid);
  function chartBox(key, note, before) {
    var canvas = el('canvas'), box = el('div', { 'class': 'chart' }, [el('h3', { text: t(key) })]);
    if (before) box.appendChild(before);
    box.appendChild(el('div', { 'class': 'box' }, [canvas]));
    if (note) box.appendChild(el('p', { 'class': 'note', text: note }));
    grid.appendChild(box);
    state.charts++;
    return canvas;
  }
  function axis(title, extra) { var a = { title: { display: true, text: title } }; Object.keys(extra || {}).forEach(function (k) { a[k] = extra[k]; }); return a; }
  // A vertical line at x = value, labelled.
  function vline(value, label, color) {
    return { id: 'vline', afterDatasetsDraw: function (chart) {
      var x = chart.scales.x.getPixelForValue(value), a = chart.chartArea, g = chart.ctx;
      g.save(); g.strokeStyle = color; g.lineWidth = 2; g.setLineDash([6, 4]);
      g.beginPath(); g.moveTo(x, a.top); g.lineTo(x, a.bottom); g.stroke();
      g.fillStyle = color; g.font = '12px ' + FONT; g.fillText(label, x + 4, a.top + 12); g.restore();
    } };
  }

  if (C.response) {
    var R = C.response;
    var bars = R.bin_min.map(function (x, i) { return { x: x + R.width_min / 2, y: R.count[i] }; });
    new Chart(chartBox('chart_response', fill(t('chart_response_note'), [R.n, R.within_target, num(R.median_min, 1), num(R.p90_min, 1), R.unreached])), {
      type: 'bar',
      data: { datasets: [{ label: t('chart_response_y'), data: bars, backgroundColor: '#5c7cfa', barPercentage: 1, categoryPercentage: 1, borderWidth: 0 }] },
      options: { plugins: { legend: { display: false } },
        scales: { x: axis(t('chart_response_x'), { type: 'linear', min: 0, offset: false }), y: axis(t('chart_response_y'), { beginAtZero: true, ticks: { precision: 0 } }) } },
      plugins: [vline(R.target_min, t('chart_target') + ' ' + num(R.target_min, 0) + ' ' + t('legend_min'), '#c62828')]
    });
  }
  if (C.safe) {
    var S = C.safe, pts = function (v) { return v.map(function (y, i) { return { x: S.t_h[i], y: y }; }); };
    new Chart(chartBox('chart_safe'), {
      type: 'line',
      data: { datasets: [
        { label: t('chart_band'), data: pts(S.low), borderWidth: 0, pointRadius: 0, fill: false, backgroundColor: 'rgba(46,125,50,0.2)' },
        { label: t('chart_band') + ' ', data: pts(S.high), borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: 'rgba(46,125,50,0.2)' },
        { label: t('chart_median'), data: pts(S.median), borderColor: '#2e7d32', borderWidth: 2, pointRadius: 0 },
        { label: t('chart_people'), data: S.t_h.map(function (x) { return { x: x, y: S.people }; }), borderColor: '#616161', borderDash: [5, 4], borderWidth: 1, pointRadius: 0 }] },
      options: { plugins: { legend: { labels: { filter: function (i) { return i.datasetIndex !== 1; } } } },
        scales: { x: axis(t('chart_safe_x'), { type: 'linear', min: 0 }), y: axis(t('chart_safe_y'), { beginAtZero: true }) } }
    });
  }
  if (C.shelters && C.shelters.series.length) {
    var SH = C.shelters, ds = [];
    SH.series.forEach(function (s, k) {
      var col = PALETTE[k % PALETTE.length];
      ds.push({ label: s.name, data: s.mean.map(function (y, i) { return { x: SH.t_h[i], y: y }; }), borderColor: col, borderWidth: 2, pointRadius: 0 });
      ds.push({ label: s.name + ' · ' + t('chart_capacity'), data: [{ x: SH.t_h[0], y: s.capacity }, { x: SH.t_h[SH.t_h.length - 1], y: s.capacity }],
        borderColor: col, borderDash: [4, 4], borderWidth: 1, pointRadius: 0 });
    });
    new Chart(chartBox('chart_shelters'), { type: 'line', data: { datasets: ds },
      options: { plugins: { legend: { labels: { boxWidth: 12, filter: function (i) { return i.datasetIndex % 2 === 0; } } } },
        scales: { x: axis(t('chart_safe_x'), { type: 'linear', min: 0 }), y: axis(t('chart_shelters_y'), { beginAtZero: true }) } } });
  }
  if (C.staff_busy && C.staff_busy.roles.length) {
    // Per role: the median across replications as a line, the 10–90 % band shaded under it.
    var SB = C.staff_busy, sbDs = [];
    SB.roles.forEach(function (r, k) {
      var col = PALETTE[k % PALETTE.length], pts = function (v) { return v.map(function (y, i) { return { x: SB.t_h[i], y: y }; }); };
      var label = isFinite(r.people) && r.people !== null ? fill(t('chart_staff_role'), [r.role, num(r.people, 0)]) : r.role;
      sbDs.push({ label: label, data: pts(r.low), borderWidth: 0, pointRadius: 0, fill: false, backgroundColor: col + '33', stepped: 'middle', band: true });
      sbDs.push({ label: label, data: pts(r.high), borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: col + '33', stepped: 'middle', band: true });
      sbDs.push({ label: label, data: pts(r.median), borderColor: col, backgroundColor: col, borderWidth: 2, pointRadius: 0, stepped: 'middle' });
    });
    new Chart(chartBox('chart_staff', fill(t('chart_staff_note'), [num(SB.interval_h, SB.interval_h < 10 ? 2 : 0), SB.replications])), {
      type: 'line', data: { datasets: sbDs },
      options: { plugins: { legend: { labels: { boxWidth: 12, filter: function (i, d) { return !d.datasets[i.datasetIndex].band; } } },
        tooltip: { filter: function (i) { return !i.dataset.band; } } },
        scales: { x: axis(t('chart_safe_x'), { type: 'linear', min: 0 }), y: axis(t('chart_staff_y'), { beginAtZero: true }) } } });
  }
  if (C.staff_waiting && C.staff_waiting.series.length) {
    var SW = C.staff_waiting;
    new Chart(chartBox('chart_staff_waiting', t('chart_staff_waiting_note')), { type: 'line',
      data: { datasets: SW.series.map(function (s, k) {
        return { label: s.task, data: s.mean.map(function (y, i) { return { x: SW.t_h[i], y: y }; }), borderColor: PALETTE[k % PALETTE.length],
          borderWidth: 2, pointRadius: 0, stepped: true };
      }) },
      options: { plugins: { legend: { labels: { boxWidth: 12 } } },
        scales: { x: axis(t('chart_safe_x'), { type: 'linear', min: 0 }), y: axis(t('chart_staff_waiting_y'), { beginAtZero: true }) } } });
  }
  if (C.stock && C.stock.items.length) {
    var SK = C.stock, select = el('select', { 'aria-label': t('chart_stock_item') });
    SK.items.forEach(function (it, i) { select.appendChild(el('option', { value: String(i), text: it.item + ' [' + it.unit + ']' })); });
    var stockChart = new Chart(chartBox('chart_stock', null, select), { type: 'line', data: { datasets: [] },
      options: { plugins: { legend: { labels: { boxWidth: 12 } } },
        scales: { x: axis(t('chart_safe_x'), { type: 'linear', min: 0 }), y: axis(t('chart_stock_y'), { beginAtZero: true }) } } });
    var showItem = function (i) {
      var it = SK.items[i];
      stockChart.data.datasets = it.depots.map(function (d, k) {
        return { label: d.name, data: d.mean.map(function (y, j) { return { x: SK.t_h[j], y: y }; }), borderColor: PALETTE[k % PALETTE.length], borderWidth: 2, pointRadius: 0, stepped: true };
      });
      stockChart.options.scales.y.title.text = t('chart_stock_y') + ' [' + it.unit + ']';
      stockChart.update();
    };
    select.addEventListener('change', function () { showItem(+select.value); });
    showItem(0);
  }
  if (C.frontier) {
    var F = C.frontier, unit = F.cost_unit ? ' [' + F.cost_unit + ']' : '';
    var P = function (f) { return F.points.filter(f).map(function (p) { return { x: p.cost, y: p.gap * 100, label: p.label, verdict: p.verdict }; }); };
    var front = P(function (p) { return p.frontier; }).sort(function (a, b) { return a.x - b.x; });
    new Chart(chartBox('chart_frontier', F.recommendation ? t('recommendation') + ': ' + F.recommendation : null), { type: 'scatter',
      data: { datasets: [
        { label: t('chart_recommended'), data: P(function (p) { return p.recommended; }), backgroundColor: '#c62828', borderColor: '#7f0000', pointRadius: 9, pointStyle: 'star', borderWidth: 2 },
        { label: t('chart_frontier_set'), data: front, backgroundColor: '#1565c0', borderColor: '#1565c0', showLine: true, pointRadius: 5 },
        { label: t('chart_candidates'), data: P(function (p) { return !p.frontier; }), backgroundColor: 'rgba(120,130,140,0.6)', pointRadius: 3 }] },
      options: { plugins: { tooltip: { callbacks: { label: function (c) { return c.raw.label + ' — ' + num(c.raw.x, 1) + unit + ', ' + num(c.raw.y, 1) + ' % (' + c.raw.verdict + ')'; } } } },
        scales: { x: axis(t('chart_frontier_x') + unit), y: axis(t('chart_frontier_y')) } },
      plugins: [{ id: 'zero', afterDatasetsDraw: function (chart) {
        var y = chart.scales.y.getPixelForValue(0), a = chart.chartArea, g = chart.ctx;
        if (y < a.top || y > a.bottom) return;
        g.save(); g.strokeStyle = '#2e7d32'; g.setLineDash([6, 4]); g.beginPath(); g.moveTo(a.left, y); g.lineTo(a.right, y); g.stroke(); g.restore();
      } }] });
  }
  if (C.compare) {
    var K = C.compare, labels = [], ci = [], diff = [];
    K.metric.forEach(function (m, i) {
      var a = K.a[i];
      if (a === null || a === 0 || K.low[i] === null || K.high[i] === null) return;
      labels.push(m); ci.push([100 * K.low[i] / Math.abs(a), 100 * K.high[i] / Math.abs(a)]); diff.push(100 * K.difference[i] / Math.abs(a));
    });
    var box = chartBox('chart_compare', t('chart_compare_note'));
    box.parentNode.style.height = Math.max(280, 22 * labels.length + 60) + 'px';
    box.parentNode.parentNode.style.gridColumn = '1 / -1';
    new Chart(box, { type: 'bar',
      data: { labels: labels, datasets: [
        { label: 'CI', data: ci, backgroundColor: 'rgba(92,124,250,0.45)', borderColor: '#364fc7', borderWidth: 1, barPercentage: 0.6 },
        { type: 'line', label: 'B − A', data: diff, showLine: false, pointRadius: 4, backgroundColor: '#c62828', borderColor: '#c62828' }] },
      options: { indexAxis: 'y', scales: { x: axis(t('chart_compare_x')) } } });
  }
  if (state.charts) root.appendChild(chartSection);

  // ---- tables ----
  function table(head, rows, numeric, rowClass) {
    var th = el('tr', null, head.map(function (h) { return el('th', { text: h }); }));
    var tb = el('tbody', null, rows.map(function (r, i) {
      var tr = el('tr', null, r.map(function (c, j) { return el('td', { text: c, 'class': numeric(j) ? 'num' : '' }); }));
      if (rowClass) { var rc = rowClass(i); if (rc) tr.setAttribute('class', rc); }
      return tr;
    }));
    return el('div', { 'class': 'tablewrap' }, [el('table', null, [el('thead', null, [th]), tb])]);
  }
  var T = D.tables;
  if (T.summary) {
    var recCol = T.summary.head.indexOf('recommended');
    root.appendChild(el('section', { id: 'summary' }, [el('h2', { text: t('sec_summary') }),
      table(T.summary.head, T.summary.rows, function (j) { return j >= 2 && T.summary.head[j] !== t('col_meaning'); },
        function (i) { return recCol >= 0 && T.summary.rows[i][recCol] === '1' ? 'recommended' : ''; })]));
  }
  var audit = el('section', { id: 'audit' }, [el('h2', { text: t('sec_audit') })]);
  if (T.audit.length) {
    var rows = T.audit.map(function (r) { return [r.id, r.status, r.requirement, r.required, r.found]; });
    var tw = table([t('audit_id'), t('audit_status'), t('audit_requirement'), t('audit_required'), t('audit_found')], rows,
      function () { return false; });
    Array.prototype.forEach.call(tw.querySelectorAll('tbody tr'), function (tr, i) {
      tr.children[1].setAttribute('class', T.audit[i].met ? 'met' : T.audit[i].not_met ? 'not_met' : 'unjudged');
    });
    audit.appendChild(tw);
  } else audit.appendChild(el('p', { text: t('no_audit') }));
  root.appendChild(audit);

  map.invalidateSize();
  map.fitBounds(focus, { padding: [20, 20] });
  window.readysimReport = state;
  document.body.setAttribute('data-road-features', String(state.roadFeatures));
  document.body.setAttribute('data-charts', String(state.charts));
  document.body.setAttribute('data-ready', '1');
})();
