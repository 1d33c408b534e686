// The sandbox's Docketwise web app: a small single-page app over the sandbox's cookie-authenticated
// JSON endpoints. Plain modern JS, no build step. Its markup is the stand-in for the real
// Docketwise pages (which are not public); the landmarks the extension relies on are listed in
// ../README.md and must stay stable.

const page = document.getElementById('page');

/** @type {{ user: { id: number, name: string, email: string }, firm: { id: number, name: string } } | null} */
let session = null;
// Each navigation gets a number; a render that finishes after a newer navigation is dropped.
let renderSeq = 0;

// ---------------------------------------------------------------- helpers

/** Creates an element. `attrs` keys starting with "on" become listeners; text is never parsed as HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

class ApiError extends Error {
  constructor(status, body) {
    super(`HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { error: text };
    }
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return { data, headers: response.headers };
}

/** Rails-style 422 body `{ errors: { field: [msg] } }` (or `{ error }`) → one readable line. */
function errorText(error) {
  if (error instanceof ApiError) {
    const errors = error.body && error.body.errors;
    if (errors && typeof errors === 'object') {
      return Object.entries(errors)
        .map(([field, messages]) => `${field.replace(/_/g, ' ')} ${[].concat(messages).join(', ')}`)
        .join('; ');
    }
    if (error.body && error.body.error) return String(error.body.error);
    return `The server answered ${error.status}.`;
  }
  return error instanceof Error ? error.message : String(error);
}

function fullName(contact) {
  if (!contact) return '';
  if (contact.type === 'Institution' && contact.company_name) return contact.company_name;
  return [contact.first_name, contact.middle_name, contact.last_name].filter(Boolean).join(' ') || contact.company_name || `Contact ${contact.id}`;
}

function formatDate(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

function formatSize(bytes) {
  if (typeof bytes !== 'number') return '';
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function parsePagination(headers) {
  try {
    return JSON.parse(headers.get('X-Pagination') || 'null');
  } catch {
    return null; // A missing or odd header only hides the pager.
  }
}

function navigate(path) {
  if (path === location.pathname + location.search) return;
  history.pushState({}, '', path);
  render();
}

function toast(message) {
  let region = document.getElementById('toasts');
  if (!region) {
    region = h('div', { id: 'toasts', class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(region);
  }
  const item = h('div', { class: 'toast' }, message);
  region.append(item);
  setTimeout(() => item.remove(), 4000);
}

// ---------------------------------------------------------------- dropdown menus

// One behaviour for every menu: a toggle with aria-haspopup="menu" inside a `.dropdown`
// opens its `.dropdown-menu`; Escape or a click outside closes it; arrow keys move between items.
function closeMenus(except) {
  for (const menu of document.querySelectorAll('.dropdown-menu:not([hidden])')) {
    if (except && menu === except) continue;
    menu.hidden = true;
    const toggle = menu.parentElement && menu.parentElement.querySelector('[aria-haspopup="menu"]');
    if (toggle) toggle.setAttribute('aria-expanded', 'false');
  }
}

function menuItems(menu) {
  return [...menu.querySelectorAll('[role="menuitem"]')].filter((item) => !item.disabled);
}

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;

  const toggle = target.closest('[aria-haspopup="menu"]');
  if (toggle) {
    const menu = toggle.parentElement && toggle.parentElement.querySelector('.dropdown-menu');
    if (menu) {
      const open = menu.hidden;
      closeMenus(menu);
      menu.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      if (open) menuItems(menu)[0]?.focus();
      return;
    }
  }
  // Choosing an item closes its menu; clicks elsewhere inside an open menu keep it open.
  if (target.closest('[role="menuitem"]')) closeMenus();
  else if (!target.closest('.dropdown-menu')) closeMenus();

  const link = target.closest('a[href]');
  if (
    link &&
    !event.defaultPrevented &&
    event.button === 0 &&
    !event.metaKey &&
    !event.ctrlKey &&
    !event.shiftKey &&
    !link.hasAttribute('download') &&
    link.target !== '_blank' &&
    link.origin === location.origin &&
    !/^\/(api|app-api|downloads|oauth|__sandbox)\//.test(link.pathname)
  ) {
    event.preventDefault();
    navigate(link.pathname + link.search);
  }
});

document.addEventListener('keydown', (event) => {
  const openMenu = document.querySelector('.dropdown-menu:not([hidden])');
  if (!openMenu) return;
  if (event.key === 'Escape') {
    const toggle = openMenu.parentElement && openMenu.parentElement.querySelector('[aria-haspopup="menu"]');
    closeMenus();
    toggle?.focus();
    return;
  }
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    const items = menuItems(openMenu);
    if (items.length === 0) return;
    event.preventDefault();
    const index = items.indexOf(document.activeElement);
    const step = event.key === 'ArrowDown' ? 1 : -1;
    items[(index + step + items.length) % items.length].focus();
  }
});

window.addEventListener('popstate', () => render());

document.querySelector('[data-action="logout"]').addEventListener('click', () => navigate('/signed-out'));

// ---------------------------------------------------------------- shared page parts

function pageHeader(title, { subtitle, actions } = {}) {
  return h(
    'div',
    { class: 'page-header' },
    h('div', { class: 'page-header__text' }, h('h1', { class: 'page-header__title' }, title), subtitle ? h('p', { class: 'page-header__subtitle' }, subtitle) : null),
    actions ? h('div', { class: 'page-header__actions' }, actions) : null,
  );
}

/** Tabs of a contact or matter page; `more` items go in the "More ▾" dropdown. */
function tabs(label, base, current, names, more = []) {
  const nav = h('nav', { class: 'tabs', 'aria-label': label });
  for (const [slug, text] of names) {
    const href = slug ? `${base}/${slug}` : base;
    nav.append(h('a', { class: 'tabs__tab', href, 'aria-current': slug === current ? 'page' : null, dataset: { tab: slug || 'overview' } }, text));
  }
  if (more.length > 0) {
    nav.append(
      h(
        'div',
        { class: 'tabs__more dropdown' },
        h('button', { type: 'button', class: 'tabs__tab tabs__more-toggle', 'aria-haspopup': 'menu', 'aria-expanded': 'false' }, 'More ▾'),
        h('ul', { class: 'dropdown-menu', role: 'menu', hidden: true }, more.map((text) => h('li', { role: 'none' }, h('button', { type: 'button', class: 'dropdown-item', role: 'menuitem', onclick: () => toast(`${text} is not part of the sandbox.`) }, text)))),
      ),
    );
  }
  return nav;
}

function field(id, label, input, { wide = false } = {}) {
  return h('div', { class: wide ? 'field field--wide' : 'field' }, h('label', { class: 'field__label', for: id }, label), input);
}

function textInput(id, name, value, attrs = {}) {
  return h('input', { id, name, type: 'text', class: 'input', value: value ?? '', ...attrs });
}

function formActions(saveLabel) {
  return h(
    'div',
    { class: 'form-actions' },
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save' }, saveLabel),
    h('span', { class: 'form-status', role: 'status', 'aria-live': 'polite', dataset: { state: 'idle' } }),
  );
}

function setStatus(form, state, text) {
  const status = form.querySelector('.form-status');
  status.dataset.state = state;
  status.textContent = text;
}

function emptyRow(columns, text) {
  return h('tr', { class: 'data-table__empty' }, h('td', { colspan: columns }, text));
}

// ---------------------------------------------------------------- pages

async function dashboardPage() {
  const { data: matters } = await api('GET', '/api/v1/matters?page=1');
  return [
    pageHeader(`Welcome back, ${session.user.name.split(' ')[0]}`, { subtitle: session.firm.name }),
    h(
      'section',
      { class: 'card' },
      h('h2', { class: 'card__title' }, 'Recent matters'),
      h('ul', { class: 'plain-list' }, matters.slice(0, 8).map((m) => h('li', {}, h('a', { href: `/matters/${m.id}` }, m.title || `Matter ${m.id}`)))),
    ),
  ];
}

async function contactsPage() {
  const pageNumber = Number(new URLSearchParams(location.search).get('page') || '1');
  const { data: contacts, headers } = await api('GET', `/api/v1/contacts?page=${pageNumber}`);
  const pagination = parsePagination(headers);
  const table = h(
    'table',
    { class: 'data-table contacts-table' },
    h('thead', {}, h('tr', {}, ['Name', 'Email', 'Type', 'Phone', 'Updated'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      contacts.length === 0
        ? emptyRow(5, 'No contacts yet.')
        : contacts.map((c) =>
            h(
              'tr',
              { class: 'data-table__row', dataset: { contactId: c.id } },
              h('td', {}, h('a', { href: `/contacts/${c.id}` }, fullName(c))),
              h('td', {}, c.email || ''),
              h('td', {}, c.lead ? `${c.type} (lead)` : c.type || ''),
              h('td', {}, (c.phone_numbers && c.phone_numbers[0] && c.phone_numbers[0].number) || c.lead_phone || ''),
              h('td', {}, formatDate(c.updated_at)),
            ),
          ),
    ),
  );
  return [
    pageHeader('Contacts', { actions: h('a', { class: 'btn btn-primary', href: '/contacts/new' }, 'New contact') }),
    table,
    pager('/contacts', pageNumber, pagination),
  ];
}

function pager(base, current, pagination) {
  if (!pagination || !pagination.total_pages || pagination.total_pages <= 1) return null;
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    pagination.previous_page ? h('a', { class: 'btn', href: `${base}?page=${pagination.previous_page}` }, '‹ Previous') : null,
    h('span', { class: 'pager__info' }, `Page ${current} of ${pagination.total_pages} · ${pagination.total} in all`),
    pagination.next_page ? h('a', { class: 'btn', href: `${base}?page=${pagination.next_page}` }, 'Next ›') : null,
  );
}

function phoneOf(contact, kind) {
  return (contact.phone_numbers || []).find((p) => p.kind === kind) || null;
}

/** The contact edit form; `contact` is null for "New contact". */
function contactForm(contact) {
  const address = (contact && contact.physical_address) || {};
  const mobile = contact ? phoneOf(contact, 'mobile') : null;
  const work = contact ? phoneOf(contact, 'work') : null;
  const unitType = h(
    'select',
    { id: 'contact_apartment_type', name: 'apartment_type', class: 'input input--narrow', 'aria-label': 'Apt/Ste/Flr' },
    [['', '—'], ['apt', 'Apt'], ['ste', 'Ste'], ['flr', 'Flr']].map(([value, text]) => h('option', { value, selected: (address.apartment_type || '') === value }, text)),
  );
  const form = h(
    'form',
    {
      class: 'record-form contact-form',
      id: contact ? 'contact-edit-form' : 'contact-new-form',
      novalidate: true,
      dataset: contact ? { contactId: contact.id } : { new: 'true' },
    },
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', { class: 'form-section__title' }, 'Name'),
      field('contact_first_name', 'First name', textInput('contact_first_name', 'first_name', contact?.first_name, { autocomplete: 'off' })),
      field('contact_middle_name', 'Middle name', textInput('contact_middle_name', 'middle_name', contact?.middle_name)),
      field('contact_last_name', 'Last name', textInput('contact_last_name', 'last_name', contact?.last_name)),
    ),
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', { class: 'form-section__title' }, 'Contact information'),
      field('contact_email', 'Email', textInput('contact_email', 'email', contact?.email, { type: 'email' }), { wide: true }),
      field('contact_mobile_phone', 'Mobile phone', textInput('contact_mobile_phone', 'mobile_phone', mobile?.number, { type: 'tel' })),
      field('contact_work_phone', 'Work phone', textInput('contact_work_phone', 'work_phone', work?.number, { type: 'tel' })),
    ),
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', { class: 'form-section__title' }, 'Physical address'),
      field('contact_street', 'Street number and name', textInput('contact_street', 'street_number_and_name', address.street_number_and_name), { wide: true }),
      h(
        'div',
        { class: 'field' },
        h('label', { class: 'field__label', for: 'contact_apartment_number' }, 'Apt/Ste/Flr Number'),
        h('div', { class: 'field__row' }, unitType, textInput('contact_apartment_number', 'apartment_number', address.apartment_number, { class: 'input input--grow' })),
      ),
      field('contact_city', 'City', textInput('contact_city', 'city', address.city)),
      field('contact_state', 'State', textInput('contact_state', 'state', address.state, { class: 'input input--narrow' })),
      field('contact_zip', 'ZIP code', textInput('contact_zip', 'zip_code', address.zip_code, { class: 'input input--narrow' })),
    ),
    formActions(contact ? 'Save' : 'Create contact'),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    const addressData = {
      street_number_and_name: values.street_number_and_name,
      apartment_number: values.apartment_number,
      apartment_type: values.apartment_type || null,
      city: values.city,
      state: values.state,
      province: address.province ?? null,
      zip_code: values.zip_code,
      physical: true,
    };
    if (address.id) addressData.id = address.id;
    const phones = [];
    for (const [kind, existing, number] of [['mobile', mobile, values.mobile_phone], ['work', work, values.work_phone]]) {
      // An existing number is always sent (an emptied field clears it); a new one only when typed.
      if (!existing && !number) continue;
      phones.push({ data: { ...(existing ? { id: existing.id } : {}), number, daytime: kind === 'mobile', kind } });
    }
    const body = {
      contact: {
        first_name: values.first_name,
        middle_name: values.middle_name,
        last_name: values.last_name,
        email: values.email,
        ...(contact ? {} : { type: 'Person', lead: false }),
        addresses_attributes: [{ data: addressData }],
        phone_numbers_attributes: phones,
      },
    };
    const button = form.querySelector('[data-action="save"]');
    button.disabled = true;
    setStatus(form, 'saving', 'Saving…');
    try {
      const { data } = contact ? await api('PUT', `/api/v1/contacts/${contact.id}`, body) : await api('POST', '/api/v1/contacts', body);
      // The id is on the form before "Saved" shows, so anything watching for the confirmation can read it.
      form.dataset.contactId = String(data.id);
      setStatus(form, 'saved', contact ? 'Saved' : 'Saved · contact created');
      if (contact) {
        document.querySelector('.page-header__title').textContent = fullName(data);
      } else {
        setTimeout(() => navigate(`/contacts/${data.id}`), 800);
      }
    } catch (error) {
      setStatus(form, 'error', `Not saved: ${errorText(error)}`);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

async function contactPage(id, tab) {
  const { data: contact } = await api('GET', `/api/v1/contacts/${id}`);
  const base = `/contacts/${id}`;
  const parts = [
    pageHeader(fullName(contact), { subtitle: [contact.type === 'Institution' ? 'Company' : 'Person', contact.lead ? 'Lead' : null].filter(Boolean).join(' · ') }),
    tabs('Contact sections', base, tab, [['', 'Overview'], ['forms', 'Forms'], ['files', 'Files']], ['Portal', 'Time Entries']),
  ];
  let panel;
  if (tab === 'forms') panel = h('div', { class: 'tab-panel' }, h('p', { class: 'muted' }, 'Smart forms are listed on each matter’s Forms tab.'));
  else if (tab === 'files') panel = h('div', { class: 'tab-panel' }, h('p', { class: 'muted' }, 'Files are listed on each matter’s Files tab.'));
  else panel = h('div', { class: 'tab-panel' }, contactForm(contact));
  return [h('section', { class: 'record-page contact-page', dataset: { contactId: contact.id } }, parts, panel)];
}

function newContactPage() {
  return [h('section', { class: 'record-page contact-page contact-page--new' }, pageHeader('New contact'), h('div', { class: 'tab-panel' }, contactForm(null)))];
}

async function mattersPage() {
  const pageNumber = Number(new URLSearchParams(location.search).get('page') || '1');
  const { data: matters, headers } = await api('GET', `/api/v1/matters?page=${pageNumber}`);
  const table = h(
    'table',
    { class: 'data-table matters-table' },
    h('thead', {}, h('tr', {}, ['Matter', 'Number', 'Description', 'Updated'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      matters.length === 0
        ? emptyRow(4, 'No matters yet.')
        : matters.map((m) =>
            h(
              'tr',
              { class: 'data-table__row', dataset: { matterId: m.id } },
              h('td', {}, h('a', { href: `/matters/${m.id}` }, m.title || `Matter ${m.id}`)),
              h('td', {}, m.number || ''),
              h('td', { class: 'truncate' }, m.description || ''),
              h('td', {}, formatDate(m.updated_at)),
            ),
          ),
    ),
  );
  return [
    pageHeader('Matters', { actions: h('a', { class: 'btn btn-primary', href: '/matters/new' }, 'New matter') }),
    table,
    pager('/matters', pageNumber, parsePagination(headers)),
  ];
}

/** People the matter's client can be chosen from (first page of 200 is plenty for the sandbox UI). */
async function clientChoices(current) {
  const { data } = await api('GET', '/api/v1/contacts?per_page=200');
  const choices = data.filter((c) => c.type !== 'Institution');
  if (current && !choices.some((c) => c.id === current.id)) choices.unshift(current);
  return choices;
}

function matterForm(matter, choices) {
  const form = h(
    'form',
    { class: 'record-form matter-form', id: matter ? 'matter-edit-form' : 'matter-new-form', novalidate: true, dataset: matter ? { matterId: matter.id } : { new: 'true' } },
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', { class: 'form-section__title' }, 'Matter'),
      field('matter_title', 'Title', textInput('matter_title', 'title', matter?.title), { wide: true }),
      field('matter_description', 'Description', h('textarea', { id: 'matter_description', name: 'description', class: 'input', rows: 4 }, matter?.description || ''), { wide: true }),
      field(
        'matter_client_id',
        'Client (primary contact)',
        h(
          'select',
          { id: 'matter_client_id', name: 'client_id', class: 'input' },
          h('option', { value: '' }, 'Choose a client…'),
          choices.map((c) => h('option', { value: c.id, selected: matter && matter.client_id === c.id }, fullName(c))),
        ),
        { wide: true },
      ),
    ),
    formActions(matter ? 'Save' : 'Create matter'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    const body = { matter: { title: values.title, description: values.description, client_id: values.client_id ? Number(values.client_id) : null } };
    const button = form.querySelector('[data-action="save"]');
    button.disabled = true;
    setStatus(form, 'saving', 'Saving…');
    try {
      const { data } = matter ? await api('PUT', `/api/v1/matters/${matter.id}`, body) : await api('POST', '/api/v1/matters', body);
      form.dataset.matterId = String(data.id);
      setStatus(form, 'saved', matter ? 'Saved' : 'Saved · matter created');
      if (matter) document.querySelector('.page-header__title').textContent = data.title;
      else setTimeout(() => navigate(`/matters/${data.id}`), 800);
    } catch (error) {
      setStatus(form, 'error', `Not saved: ${errorText(error)}`);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function matterActionsMenu() {
  return h(
    'div',
    { class: 'matter-actions dropdown' },
    h('button', { type: 'button', class: 'btn btn-icon matter-actions__toggle', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-label': 'Matter actions' }, '⋯'),
    h(
      'ul',
      { class: 'dropdown-menu dropdown-menu--right matter-actions__menu', role: 'menu', hidden: true },
      h('li', { role: 'none' }, h('button', { type: 'button', class: 'dropdown-item', role: 'menuitem', 'data-action': 'print-summary', onclick: () => window.print() }, 'Print summary')),
      h('li', { role: 'none' }, h('button', { type: 'button', class: 'dropdown-item', role: 'menuitem', 'data-action': 'archive', onclick: () => toast('Archiving is not part of the sandbox.') }, 'Archive matter')),
    ),
  );
}

async function matterPage(id, tab) {
  const { data: matter } = await api('GET', `/api/v1/matters/${id}`);
  const base = `/matters/${id}`;
  const client = matter.client || null;
  const header = pageHeader(matter.title || `Matter ${matter.id}`, {
    subtitle: h('span', {}, matter.number ? `${matter.number} · ` : '', client ? h('a', { href: `/contacts/${client.id}`, class: 'matter-client' }, fullName(client)) : 'No client'),
    actions: matterActionsMenu(),
  });
  let panel;
  if (tab === 'forms') panel = await matterFormsPanel(matter);
  else if (tab === 'files') panel = await matterFilesPanel(matter);
  else panel = matterForm(matter, await clientChoices(client));
  return [
    h(
      'section',
      { class: 'record-page matter-page', dataset: { matterId: matter.id } },
      header,
      tabs('Matter sections', base, tab, [['', 'Overview'], ['forms', 'Forms'], ['files', 'Files']], ['Time Entries']),
      h('div', { class: 'tab-panel' }, panel),
    ),
  ];
}

async function newMatterPage() {
  return [h('section', { class: 'record-page matter-page matter-page--new' }, pageHeader('New matter'), h('div', { class: 'tab-panel' }, matterForm(null, await clientChoices(null))))];
}

function downloadFile(url, filename) {
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
}

async function matterFormsPanel(matter) {
  const { data: forms } = await api('GET', `/app-api/matters/${matter.id}/forms`);
  const bulkToggle = h('button', { type: 'button', class: 'btn bulk-actions__toggle', 'aria-haspopup': 'menu', 'aria-expanded': 'false', disabled: true }, 'More Actions ▾');
  const count = h('span', { class: 'list-toolbar__count' }, `${forms.length} ${forms.length === 1 ? 'form' : 'forms'}`);
  const checkedRows = () => [...panel.querySelectorAll('.forms-table__row')].filter((row) => row.querySelector('.forms-table__select').checked);
  const updateSelection = () => {
    const n = checkedRows().length;
    bulkToggle.disabled = n === 0;
    count.textContent = n > 0 ? `${n} selected` : `${forms.length} ${forms.length === 1 ? 'form' : 'forms'}`;
  };
  const bulk = h(
    'div',
    { class: 'bulk-actions dropdown' },
    bulkToggle,
    h(
      'ul',
      { class: 'dropdown-menu bulk-actions__menu', role: 'menu', hidden: true },
      h('li', { role: 'none' }, h('button', { type: 'button', class: 'dropdown-item', role: 'menuitem', 'data-action': 'share-to-portal', onclick: () => toast(`Shared ${checkedRows().length} form(s) to the client portal.`) }, 'Share to Portal')),
      h(
        'li',
        { role: 'none' },
        h('button', { type: 'button', class: 'dropdown-item', role: 'menuitem', 'data-action': 'download-selected', onclick: () => checkedRows().forEach((row) => downloadFile(row.dataset.downloadUrl, `${row.dataset.formName}.pdf`)) }, 'Download'),
      ),
    ),
  );
  const rows = forms.map((form) =>
    h(
      'tr',
      { class: 'data-table__row forms-table__row', dataset: { formId: form.id, formName: form.name, formKind: form.kind, downloadUrl: form.downloadUrl } },
      h('td', { class: 'forms-table__check' }, h('input', { type: 'checkbox', class: 'forms-table__select', 'aria-label': `Select ${form.name}`, onchange: updateSelection })),
      h('td', { class: 'forms-table__name' }, h('span', { class: 'form-name' }, form.name)),
      h('td', {}, form.kind === 'smart-form' ? 'Smart Form' : 'USCIS form'),
      h('td', {}, String(form.pageCount)),
      h('td', { class: 'forms-table__invites' }, h('button', { type: 'button', class: 'btn btn-link', onclick: () => toast(`Invite for ${form.name} sent.`) }, 'Send Invite')),
      h('td', {}, formatDate(form.updatedAt)),
      h(
        'td',
        { class: 'forms-table__actions' },
        h(
          'div',
          { class: 'row-actions dropdown' },
          h('button', { type: 'button', class: 'btn btn-icon row-actions__toggle', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-label': `Actions for ${form.name}` }, '⋯'),
          h(
            'ul',
            { class: 'dropdown-menu dropdown-menu--right row-actions__menu', role: 'menu', hidden: true },
            h('li', { role: 'none' }, h('a', { class: 'dropdown-item', role: 'menuitem', href: form.downloadUrl, download: `${form.name}.pdf`, 'data-action': 'download-pdf' }, 'Download PDF')),
            h('li', { role: 'none' }, h('button', { type: 'button', class: 'dropdown-item', role: 'menuitem', 'data-action': 'print', onclick: () => window.open(form.downloadUrl, '_blank', 'noopener') }, 'Print')),
            h(
              'li',
              { role: 'none' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'dropdown-item dropdown-item--danger',
                  role: 'menuitem',
                  'data-action': 'delete',
                  onclick: (event) => {
                    // The sandbox has no form delete endpoint: the row leaves this view only.
                    if (window.confirm(`Delete ${form.name}?`)) {
                      event.target.closest('tr').remove();
                      updateSelection();
                    }
                  },
                },
                'Delete',
              ),
            ),
          ),
        ),
      ),
    ),
  );
  const selectAll = h('input', {
    type: 'checkbox',
    class: 'forms-table__select-all',
    'aria-label': 'Select all forms',
    onchange: (event) => {
      for (const box of panel.querySelectorAll('.forms-table__select')) box.checked = event.target.checked;
      updateSelection();
    },
  });
  const panel = h(
    'div',
    { class: 'forms-panel', dataset: { matterId: matter.id } },
    h('div', { class: 'list-toolbar' }, count, bulk),
    h(
      'table',
      { class: 'data-table forms-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'forms-table__check' }, selectAll), ['Form', 'Type', 'Pages', 'Invites', 'Last updated'].map((t) => h('th', { scope: 'col' }, t)), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
      h('tbody', {}, rows.length === 0 ? emptyRow(7, 'No forms on this matter yet.') : rows),
    ),
  );
  return panel;
}

async function matterFilesPanel(matter) {
  const { data: documents } = await api('GET', `/app-api/matters/${matter.id}/documents`);
  return h(
    'div',
    { class: 'files-panel', dataset: { matterId: matter.id } },
    h(
      'table',
      { class: 'data-table files-table' },
      h('thead', {}, h('tr', {}, ['File', 'Size', 'Uploaded by', 'Updated', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        documents.length === 0
          ? emptyRow(5, 'No files on this matter yet.')
          : documents.map((doc) =>
              h(
                'tr',
                { class: 'data-table__row files-table__row', dataset: { documentId: doc.id, downloadUrl: doc.download_url } },
                h('td', {}, h('span', { class: 'file-name' }, doc.title || doc.filename || `Document ${doc.id}`)),
                h('td', {}, formatSize(doc.size)),
                h('td', {}, doc.uploaded_by_email || ''),
                h('td', {}, formatDate(doc.updated_at)),
                h('td', {}, h('a', { class: 'btn btn-link', href: doc.download_url, download: doc.filename || true }, 'Download')),
              ),
            ),
      ),
    ),
  );
}

async function formsIndexPage() {
  const { data: matters } = await api('GET', '/api/v1/matters?page=1');
  return [
    pageHeader('Forms', { subtitle: 'Open a matter’s Forms tab to fill, download or share its forms.' }),
    h('ul', { class: 'plain-list' }, matters.slice(0, 20).map((m) => h('li', {}, h('a', { href: `/matters/${m.id}/forms` }, `${m.title || `Matter ${m.id}`} — forms`)))),
  ];
}

function settingsPage(section) {
  return [
    pageHeader('Settings'),
    h(
      'nav',
      { class: 'tabs', 'aria-label': 'Settings sections' },
      h('a', { class: 'tabs__tab', href: '/settings', 'aria-current': section ? null : 'page' }, 'Firm'),
      h('a', { class: 'tabs__tab', href: '/settings/integrations', 'aria-current': section === 'integrations' ? 'page' : null }, 'Integrations'),
    ),
    section === 'integrations'
      ? h('div', { class: 'card' }, h('h2', { class: 'card__title' }, 'MyCase'), h('p', { class: 'muted' }, 'The MyCase sync runs from the browser extension.'))
      : h('div', { class: 'card' }, h('p', {}, `${session.firm.name} · signed in as ${session.user.email}`)),
  ];
}

function signedOutPage() {
  return [pageHeader('You are signed out'), h('p', {}, 'This is the sandbox: ', h('a', { href: '/dashboard' }, 'sign in again'), '.')];
}

function notFoundPage() {
  return [pageHeader('Page not found'), h('p', {}, h('a', { href: '/dashboard' }, 'Back to the dashboard'))];
}

// ---------------------------------------------------------------- router

const routes = [
  [/^\/$/, () => (history.replaceState({}, '', '/dashboard'), ['dashboard', dashboardPage()])],
  [/^\/dashboard\/?$/, () => ['dashboard', dashboardPage()]],
  [/^\/contacts\/?$/, () => ['contacts#index', contactsPage()]],
  [/^\/contacts\/new\/?$/, () => ['contacts#new', newContactPage()]],
  [/^\/contacts\/(\d+)(?:\/(forms|files))?\/?$/, (m) => [`contacts#${m[2] || 'show'}`, contactPage(Number(m[1]), m[2] || '')]],
  [/^\/matters\/?$/, () => ['matters#index', mattersPage()]],
  [/^\/matters\/new\/?$/, () => ['matters#new', newMatterPage()]],
  [/^\/matters\/(\d+)(?:\/(forms|files))?\/?$/, (m) => [`matters#${m[2] || 'show'}`, matterPage(Number(m[1]), m[2] || '')]],
  [/^\/forms\/?$/, () => ['forms#index', formsIndexPage()]],
  [/^\/settings(?:\/(integrations))?\/?$/, (m) => ['settings', settingsPage(m[1])]],
  [/^\/signed-out\/?$/, () => ['signed-out', signedOutPage()]],
];

function markNav(route) {
  const section = route.split(/[#-]/)[0];
  for (const link of document.querySelectorAll('.navbar__link')) {
    link.classList.toggle('navbar__link--active', link.dataset.nav === section);
    if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function render() {
  const seq = ++renderSeq;
  closeMenus();
  let route = 'not-found';
  let content = notFoundPage();
  for (const [pattern, handler] of routes) {
    const match = pattern.exec(location.pathname);
    if (match) {
      [route, content] = handler(match);
      break;
    }
  }
  page.dataset.route = route;
  page.dataset.state = 'loading';
  markNav(route);
  try {
    const nodes = await content;
    if (seq !== renderSeq) return;
    page.replaceChildren(...[].concat(nodes).filter(Boolean));
    page.dataset.state = 'ready';
  } catch (error) {
    if (seq !== renderSeq) return;
    const notFound = error instanceof ApiError && error.status === 404;
    page.replaceChildren(...(notFound ? notFoundPage() : [pageHeader('Something went wrong'), h('p', { class: 'error-text' }, errorText(error))]));
    page.dataset.state = 'error';
  }
  const title = page.querySelector('.page-header__title');
  document.title = title ? `${title.textContent} · Docketwise` : 'Docketwise';
}

// ---------------------------------------------------------------- start

async function start() {
  try {
    const { data } = await api('GET', '/app-api/session');
    session = data;
  } catch (error) {
    page.replaceChildren(...signedOutPage());
    page.dataset.state = 'error';
    console.error('[docketwise] no session', error);
    return;
  }
  const initials = session.user.name
    .split(/\s+/)
    .map((part) => part[0] || '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  document.getElementById('profile-initials').textContent = initials;
  document.getElementById('profile-name').textContent = session.user.name;
  document.getElementById('profile-email').textContent = session.user.email;
  document.getElementById('firm-name').textContent = session.firm.name;
  await render();
}

start();
