// The decision-table grid: value columns only, edited in place and saved as a draft through the console API.
(function () {
  const state = JSON.parse(document.getElementById('state').textContent);
  const file = state.file;
  const marks = {};      // 'Sheet!C10' -> {kind, message}
  const grids = [];
  let dirty = false;

  const short = (location) => location.startsWith(file + '!') ? location.substring(file.length + 1) : location;
  const cellOnly = (ref) => ref.substring(ref.lastIndexOf('!') + 1);
  function mark(location, kind, message) {
    const ref = short(location);
    const existing = marks[ref];
    if (!existing || existing.kind !== 'error') marks[ref] = { kind, message };
  }
  state.changed.forEach(c => mark(c.cell, 'changed', 'was ' + (c.before == null ? '(empty)' : c.before)));
  state.warnings.forEach(w => mark(w.location, 'warning', w.message));
  const fired = new Set(state.highlight);

  function problemsList(items) {
    const list = document.getElementById('problems');
    list.innerHTML = '';
    items.forEach(p => {
      const li = document.createElement('li');
      li.className = p.kind;
      li.textContent = p.text;
      list.appendChild(li);
    });
  }
  problemsList(state.warnings.map(w => ({ kind: 'warning', text: cellOnly(short(w.location)) + ': ' + w.message })));

  state.tables.forEach((t, index) => {
    const section = document.createElement('section');
    section.className = 'card';
    section.innerHTML = '<h2></h2><div class="grid"></div>';
    section.querySelector('h2').textContent = t.sheet + (t.name.toLowerCase() === t.sheet.toLowerCase() ? '' : ' · ' + t.name);
    document.getElementById('tables').appendChild(section);
    const sheetRow = (row) => t.header_row + 1 + grid.getRows().indexOf(row);
    const columns = [{
      title: 'Row', field: '_row', width: 64, headerSort: false, editable: false,
      formatter: (cell) => String(sheetRow(cell.getRow()))
    }];
    t.columns.forEach(c => {
      const column = {
        title: c.label || c.letter, field: c.letter, headerSort: false, headerTooltip: c.kind + ' · column ' + c.letter,
        editor: state.read_only ? false : (c.options.length ? 'list' : 'input'),
        formatter: (cell) => {
          const ref = t.sheet + '!' + c.letter + sheetRow(cell.getRow());
          const element = cell.getElement();
          element.dataset.ref = ref;
          element.classList.remove('cell-error', 'cell-warning', 'cell-changed');
          element.removeAttribute('title');
          const m = marks[ref];
          if (m) {
            element.classList.add('cell-' + m.kind);
            element.title = cellOnly(ref) + ': ' + m.message;
          }
          return cell.getValue() == null ? '' : String(cell.getValue());
        }
      };
      if (c.options.length) column.editorParams = { values: c.options, autocomplete: true, freetext: true, listOnEmpty: true };
      columns.push(column);
    });
    const data = t.rows.map(r => Object.assign({ _row: r.row }, r.cells));
    const grid = new Tabulator(section.querySelector('.grid'), {
      data, columns, layout: 'fitDataStretch', history: true, reactiveData: false,
      selectableRange: 1, selectableRangeColumns: true, selectableRangeRows: true, editTriggerEvent: 'dblclick',
      clipboard: true, clipboardCopyStyled: false, clipboardCopyConfig: { columnHeaders: false },
      clipboardPasteAction: 'range', clipboardPasteParser: 'range',
      rowFormatter: (row) => {
        row.getElement().classList.toggle('row-fired', fired.has(t.sheet + '!' + sheetRow(row)));
      }
    });
    grid.on('dataChanged', () => setDirty(true));
    grid.on('cellEdited', () => setDirty(true));
    grid.on('historyUndo', () => setDirty(true));
    grids.push({ table: t, grid });
    if (!state.read_only) {
      const bar = document.createElement('div');
      bar.className = 'toolbar';
      bar.innerHTML = '<button class="add-row">Add row</button><button class="delete-row">Delete selected rows</button>';
      bar.querySelector('.add-row').onclick = () => { grid.addRow({}); grid.redraw(true); setDirty(true); };
      bar.querySelector('.delete-row').onclick = () => {
        const rows = new Set();
        grid.getRanges().forEach(range => range.getRows().forEach(r => rows.add(r)));
        rows.forEach(r => r.delete());
        grid.redraw(true);
        setDirty(true);
      };
      section.appendChild(bar);
    }
  });
  const uploadHash = document.getElementById('upload-hash');
  if (uploadHash) uploadHash.value = state.file_hash;

  function setDirty(value) {
    dirty = value;
    const save = document.getElementById('save');
    if (save) save.disabled = !value;
    document.getElementById('dirty').textContent = value ? 'Unsaved changes' : '';
  }
  window.addEventListener('beforeunload', (e) => { if (dirty) { e.preventDefault(); e.returnValue = ''; } });

  const save = document.getElementById('save');
  if (!save) return;
  save.onclick = async () => {
    save.disabled = true;
    const body = {
      draft_id: state.draft_id, file_hash: state.file_hash,
      tables: grids.map(({ table, grid }) => ({
        sheet: table.sheet, header_row: table.header_row,
        rows: grid.getData().map(d => {
          const cells = {};
          table.columns.forEach(c => { cells[c.letter] = d[c.letter] == null ? '' : String(d[c.letter]); });
          return { row: d._row || 0, cells };
        })
      }))
    };
    const response = await fetch(window.location.pathname, {
      method: 'POST', credentials: 'same-origin',
      headers: Object.assign({ 'Content-Type': 'application/json', 'Accept': 'application/json' }, csrfHeaders()),
      body: JSON.stringify(body)
    });
    const answer = await response.json().catch(() => ({}));
    const outcome = document.getElementById('outcome');
    if (response.ok) {
      dirty = false;
      window.location.href = window.location.pathname + '?draft=' + answer.draft_id + '&saved=' + answer.draft_id;
      return;
    }
    Object.keys(marks).forEach(k => { if (marks[k].kind === 'error') delete marks[k]; });
    const items = [];
    (answer.errors || []).forEach(e => {
      const location = e.path || '';
      if (location.startsWith(file + '!')) {
        mark(location, 'error', e.message);
        items.push({ kind: 'error', text: cellOnly(short(location)) + ': ' + e.message });
      } else {
        items.push({ kind: 'error', text: (location ? location + ': ' : '') + e.message });
      }
    });
    outcome.innerHTML = '';
    const div = document.createElement('div');
    div.className = 'message error';
    div.id = 'save-error';
    div.textContent = (response.status === 409 ? 'Not saved (conflict): ' : 'Not saved: ') + (answer.detail || response.status);
    outcome.appendChild(div);
    problemsList(items);
    grids.forEach(g => g.grid.redraw(true));
    save.disabled = false;
  };
  const saved = new URLSearchParams(window.location.search).get('saved');
  if (saved) {
    const div = document.createElement('div');
    div.className = 'message ok';
    div.id = 'save-ok';
    div.textContent = 'Saved as draft ' + saved + '. Live traffic is not affected until it is promoted.';
    document.getElementById('outcome').appendChild(div);
  }
})();
