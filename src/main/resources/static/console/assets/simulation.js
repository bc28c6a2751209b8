// Follows a simulation over server-sent events, then loads its report and draws the charts.
(function () {
  const container = document.getElementById('report');
  const bar = document.getElementById('progress-bar');
  const text = document.getElementById('progress-text');
  const status = document.getElementById('simulation-status');
  function show(p) {
    const total = p.total || 0;
    bar.style.width = (total ? Math.round(100 * p.done / total) : (p.status === 'DONE' ? 100 : 0)) + '%';
    text.textContent = p.done + ' of ' + (total || '?') + ' decisions';
    status.textContent = p.status;
    status.className = 'badge ' + p.status;
  }
  function loadReport() {
    htmx.ajax('GET', container.dataset.report, { target: '#report', swap: 'innerHTML' }).then(drawCharts);
  }
  function drawCharts() {
    const data = document.getElementById('chart-data');
    if (!data || typeof Chart === 'undefined') return;
    const report = JSON.parse(data.textContent);
    const names = Object.keys(report.kpis);
    const pct = names.map(n => {
      const k = report.kpis[n];
      return Number(k.champion) === 0 ? 0 : 100 * Number(k.delta) / Math.abs(Number(k.champion));
    });
    new Chart(document.getElementById('kpi-chart'), {
      type: 'bar',
      data: { labels: names.map(n => n.replaceAll('_', ' ')), datasets: [{ label: 'change %', data: pct,
        backgroundColor: pct.map(v => v >= 0 ? '#2457c5' : '#b42318') }] },
      options: { indexAxis: 'y', animation: false, plugins: { legend: { display: false } } }
    });
    const hits = (report.rule_hits || []).filter(h => h.delta !== 0)
      .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta)).slice(0, 10);
    new Chart(document.getElementById('hits-chart'), {
      type: 'bar',
      data: { labels: hits.map(h => h.source.substring(h.source.indexOf('/') + 1)),
        datasets: [{ label: 'live', data: hits.map(h => h.champion), backgroundColor: '#98a2b3' },
                   { label: 'draft', data: hits.map(h => h.challenger), backgroundColor: '#2457c5' }] },
      options: { indexAxis: 'y', animation: false }
    });
    document.body.dataset.chartsDrawn = 'true';
  }
  const events = new EventSource(container.dataset.events);
  events.addEventListener('progress', (e) => show(JSON.parse(e.data)));
  events.addEventListener('finished', (e) => { events.close(); show(JSON.parse(e.data)); loadReport(); });
  events.onerror = () => { /* the browser reconnects by itself; a finished job answers 'finished' at once */ };
})();
