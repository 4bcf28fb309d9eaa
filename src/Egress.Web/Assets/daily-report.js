/* The daily monitoring report's charts (Egress's own script, served from /assets/daily-report.js).
   Progressive enhancement: the page's tables hold every figure; this draws three charts from the report's JSON
   (the <script type="application/json" id="report-data"> block) with the vendored Chart.js. No inline script. */
(function () {
  'use strict';
  var source = document.getElementById('report-data');
  if (!source || typeof window.Chart === 'undefined') return;
  var report = JSON.parse(source.textContent);
  var Chart = window.Chart;
  Chart.defaults.animation = false; // drawn at once: screenshots and slow machines see the final chart
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  Chart.defaults.color = '#1b1f24';
  Chart.defaults.maintainAspectRatio = false;

  var days = report.history.map(function (d) { return d.day.slice(5); });
  var colours = { release: '#2da44e', review: '#d4a72c', block: '#cf222e', files: '#0b5cad', bytes: '#8250df' };
  var palette = ['#cf222e', '#8250df', '#0b5cad', '#bc4c00', '#1a7f37', '#57606a'];

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, config);
    canvas.setAttribute('data-drawn', 'true');
  }

  draw('chart-volume', {
    data: {
      labels: days,
      datasets: [
        { type: 'bar', label: 'Files submitted', data: report.history.map(function (d) { return d.files; }), backgroundColor: colours.files, yAxisID: 'files' },
        { type: 'line', label: 'MB submitted', data: report.history.map(function (d) { return d.bytes / 1048576; }), borderColor: colours.bytes,
          backgroundColor: colours.bytes, yAxisID: 'bytes', pointRadius: 2 }
      ]
    },
    options: {
      scales: {
        files: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: 'files' } },
        bytes: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'MB' } }
      }
    }
  });

  draw('chart-verdicts', {
    type: 'bar',
    data: {
      labels: days,
      datasets: [
        { label: 'release', data: report.history.map(function (d) { return d.released; }), backgroundColor: colours.release },
        { label: 'review', data: report.history.map(function (d) { return d.review; }), backgroundColor: colours.review },
        { label: 'block', data: report.history.map(function (d) { return d.blocked; }), backgroundColor: colours.block }
      ]
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'files' } } } }
  });

  // Cumulative exposure of the projects with anomalies (else the five with the most exposure).
  var flagged = report.anomalies.map(function (a) { return a.project; }).filter(function (p, i, all) { return all.indexOf(p) === i; });
  var shown = report.projects.filter(function (p) { return flagged.indexOf(p.project) >= 0; });
  if (shown.length === 0) shown = report.projects.slice().sort(function (a, b) { return b.exposure - a.exposure; }).slice(0, 5);
  draw('chart-exposure', {
    type: 'line',
    data: {
      labels: days,
      datasets: shown.slice(0, 6).map(function (p, i) {
        return { label: 'project ' + p.project, data: p.exposureByDay, borderColor: palette[i % palette.length],
                 backgroundColor: palette[i % palette.length], pointRadius: 2 };
      })
    },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'participants exposed (cumulative)' } } } }
  });
  document.documentElement.setAttribute('data-charts', 'drawn');
}());
