// The person's provider connections: what the Microsoft sign-in came back with, the list, connect and disconnect.
const providerNames = { microsoft: 'Microsoft To Do', connectwise: 'ConnectWise', processplan: 'Process Plan' };

function showConnectionNotice() {
    const query = new URLSearchParams(location.search);
    const text = query.has('connected')
        ? `${providerNames[query.get('connected')] ?? query.get('connected')} is connected.`
        : query.get('connectionError');
    if (!text) return;
    const notice = el('connection-notice');
    notice.textContent = text;
    notice.dataset.kind = query.has('connected') ? 'ok' : 'error';
    notice.hidden = false;
    history.replaceState(null, '', location.pathname);
}

async function renderConnections() {
    const list = el('connection-list');
    list.replaceChildren();
    for (const connection of await api.connections()) {
        const item = document.createElement('li');
        item.dataset.provider = connection.provider;
        const name = providerNames[connection.provider] ?? connection.provider;
        item.textContent = `${name}: ${connection.account ?? ''} (${connection.status})`;
        const disconnect = document.createElement('button');
        disconnect.type = 'button';
        disconnect.textContent = 'Disconnect';
        disconnect.addEventListener('click', () =>
            api.disconnect(connection.provider).then(renderConnections).catch(showError),
        );
        item.append(' ', disconnect);
        list.append(item);
        if (connection.status === 'needs_reconnect') showReconnect(connection.provider, connection.lastError);
    }
}

el('connect-microsoft').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
        location.href = (await api.authorizeMicrosoft(el('login-hint').value.trim())).authorizeUrl;
    } catch (error) {
        showError(error);
    }
});

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
    .addEventListener('click', async () => {
        const provider = el('reconnect-banner').dataset.provider;
        if (provider !== 'microsoft') {
            showError(
                new Error(
                    `Enter new ${providerNames[provider] ?? provider} keys to reconnect ` +
                        `(PUT /api/connections/${provider}).`,
                ),
            );
            return;
        }
        try {
            location.href = (await api.authorizeMicrosoft(el('login-hint').value.trim())).authorizeUrl;
        } catch (error) {
            showError(error);
        }
    });

// app.js signs in before this script loads when the page opens with a token, and later when the form is used.
document.addEventListener('signed-in', () => renderConnections().catch(showError));
showConnectionNotice();
if (api.token) renderConnections().catch(showError);
