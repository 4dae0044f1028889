// The start page: lists the tables Pulse loaded, with row counts and column types.
// The launch token arrives in the URL once; it is kept for this tab and taken out of the address bar.

const token = takeToken();
const status = document.getElementById('status');

try {
  const response = await fetch('/api/tables', { headers: { Authorization: `Bearer ${token}` } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error?.message ?? response.statusText);
  renderTables(body.tables);
} catch (error) {
  status.textContent = `Could not list the tables: ${error.message}`;
  status.className = 'error';
}

function takeToken() {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem('pulse-token', fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url);
  }
  return sessionStorage.getItem('pulse-token') ?? '';
}

function renderTables(tables) {
  const body = document.querySelector('#tables tbody');
  for (const table of tables) {
    const row = body.insertRow();
    row.insertCell().textContent = table.name;
    const rows = row.insertCell();
    rows.className = 'number';
    rows.textContent = table.rows.toLocaleString('en-US');
    row.insertCell().textContent = table.columns.map((column) => `${column.name} ${column.sqlType.toLowerCase()}`).join(', ');
  }
  status.textContent = `${tables.length} tables loaded.`;
  document.getElementById('tables').hidden = false;
}
