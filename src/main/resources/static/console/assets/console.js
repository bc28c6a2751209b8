// CSRF token on every htmx request and on fetch calls the pages make.
function csrfHeaders() {
  const header = document.querySelector('meta[name="csrf-header"]');
  const token = document.querySelector('meta[name="csrf-token"]');
  return header && token ? { [header.content]: token.content } : {};
}
document.addEventListener('htmx:configRequest', (event) => Object.assign(event.detail.headers, csrfHeaders()));
