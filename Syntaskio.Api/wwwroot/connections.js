// The person's accounts at the top of the page: each vendor connected or not, with its form (accounts.js),
// Reconnect for one that needs it, and Disconnect after a confirmation that says what happens to waiting syncs.
const providerNames = { microsoft: 'Microsoft To Do', connectwise: 'ConnectWise', processplan: 'Process Plan' };

function showNotice(text, kind) {
    const notice = el('connection-notice');
    notice.textContent = text;
    notice.dataset.kind = kind;
    notice.hidden = false;
}

// What the Microsoft sign-in came back with, once: the query is dropped so a reload does not repeat it.
function showConnectionNotice() {
    const query = new URLSearchParams(location.search);
    const text = query.has('connected')
        ? `${providerNames[query.get('connected')] ?? query.get('connected')} is connected.`
        : query.get('connectionError');
    if (!text) return;
    showNotice(text, query.has('connected') ? 'ok' : 'error');
    history.replaceState(null, '', location.pathname);
}

async function renderConnections() {
    const connections = new Map((await api.connections()).map((each) => [each.provider, each]));
    const list = el('connection-list');
    list.replaceChildren();
    for (const [provider, name] of Object.entries(providerNames)) {
        const connection = connections.get(provider);
        const item = document.createElement('li');
        item.dataset.provider = provider;
        item.dataset.status = connection?.status ?? 'none';
        const line = document.createElement('div');
        line.className = 'account-line';
        const title = document.createElement('span');
        title.className = 'name';
        title.textContent = name;
        const state = document.createElement('span');
        state.textContent = connection
            ? [connection.account, connection.status.replace('_', ' ')].filter(Boolean).join(' · ')
            : 'not connected';
        line.append(title, state);
        const form = accountForm(provider);
        form.hidden = true;
        if (!connection) {
            const connect = button('Connect', name, () => reconnectAccount(provider));
            connect.setAttribute('aria-controls', form.id);
            connect.setAttribute('aria-expanded', 'false');
            line.append(connect);
        } else {
            const reconnect = button(connection.status === 'needs_reconnect' ? 'Reconnect' : 'Change', name, () =>
                reconnectAccount(provider),
            );
            line.append(
                reconnect,
                button('Disconnect', name, () => confirmDisconnect(provider)),
            );
        }
        item.append(line, form);
        list.append(item);
        if (connection?.status === 'needs_reconnect') showReconnect(provider, connection.lastError);
    }
}

function button(text, name, onClick) {
    const made = document.createElement('button');
    made.type = 'button';
    made.textContent = text;
    made.setAttribute('aria-label', `${text} ${name}`);
    made.addEventListener('click', () => Promise.resolve(onClick()).catch(showError));
    return made;
}

// Opens the vendor's form, its first field focused. Microsoft, once connected, signs in again at once.
async function reconnectAccount(provider) {
    const item = el('connection-list').querySelector(`[data-provider="${provider}"]`);
    if (provider === 'microsoft' && item.dataset.status !== 'none') {
        location.href = (await api.authorizeMicrosoft('')).authorizeUrl;
        return;
    }
    const form = el(`connect-${provider}`);
    form.hidden = false;
    item.querySelector('[aria-expanded]')?.setAttribute('aria-expanded', 'true');
    form.querySelector('input').focus();
}

function confirmDisconnect(provider) {
    const dialog = el('disconnect-dialog');
    const name = providerNames[provider];
    dialog.querySelector('h2').textContent = `Disconnect ${name}?`;
    dialog.querySelector('.text').textContent =
        `Syncs still waiting to reach ${name} stop and show as failed; you can retry them after connecting again. ` +
        'Your tasks stay on this page.';
    dialog.addEventListener(
        'close',
        () => {
            if (dialog.returnValue !== 'confirm') return;
            api.disconnect(provider)
                .then(() => showNotice(`${name} is disconnected.`, 'ok'))
                .then(renderConnections)
                .catch(showError);
        },
        { once: true },
    );
    dialog.showModal();
}

function showReconnect(provider, error) {
    const banner = el('reconnect-banner');
    banner.querySelector('.text').textContent =
        `${providerNames[provider] ?? provider} needs you to connect your account again${error ? `: ${error}` : '.'}`;
    banner.dataset.provider = provider;
    banner.hidden = false;
}

// A live connection.needs_reconnect event, and any connection already in that state when the page loads.
document.addEventListener('connection-event', (e) => {
    if (e.detail.type === 'connection.needs_reconnect') showReconnect(e.detail.provider, e.detail.error);
    renderConnections().catch(showError);
});

el('reconnect-banner')
    .querySelector('.reconnect')
    .addEventListener('click', () => reconnectAccount(el('reconnect-banner').dataset.provider).catch(showError));

// app.js signs in before this script loads when the page opens with a token, and later when the form is used.
document.addEventListener('signed-in', () => renderConnections().catch(showError));
showConnectionNotice();
if (api.token) renderConnections().catch(showError);
