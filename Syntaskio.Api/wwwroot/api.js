// Calls to the Syntaskio Sync API with the signed-in user's bearer token. Errors keep the problem details' text and
// the fields a validation problem names.
const api = {
    token: sessionStorage.getItem('syntaskio.token'),

    async request(method, path, body) {
        const response = await fetch(path, {
            method,
            headers: { Authorization: `Bearer ${api.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
            body: body ? JSON.stringify(body) : undefined,
        });
        const data = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
        if (!response.ok) {
            const error = new Error(data?.detail || data?.title || `${method} ${path} answered ${response.status}`);
            // A validation problem names each field it refused; a vendor's refusal has only a title and detail.
            error.title = data?.title;
            error.errors = data?.errors ?? null;
            throw error;
        }
        return data;
    },

    async devToken(sub) {
        const response = await fetch('/dev/token', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ sub }),
        });
        if (!response.ok)
            throw new Error(
                response.status === 404
                    ? 'Development tokens are off on this deployment: paste a token.'
                    : `Sign-in failed (${response.status}).`,
            );
        return (await response.json()).accessToken;
    },

    tasks: () => api.request('GET', '/api/tasks'),
    change: (taskId, done) => api.request('POST', `/api/tasks/${taskId}/${done ? 'complete' : 'reopen'}`),
    start: (taskId) => api.request('POST', `/api/tasks/${taskId}/start`),
    history: (taskId, before) =>
        api.request(
            'GET',
            `/api/tasks/${taskId}/history?limit=20${before ? `&before=${encodeURIComponent(before)}` : ''}`,
        ),
    retry: (jobId) => api.request('POST', `/api/sync/jobs/${jobId}/retry`),
    resolve: (jobId, choice) => api.request('POST', `/api/sync/jobs/${jobId}/resolve`, { choice }),
    ticket: () => api.request('POST', '/api/sync/events/tickets'),
    supportSession: () => api.request('POST', '/api/support/session'),
    connections: () => api.request('GET', '/api/connections'),
    authorizeMicrosoft: (loginHint) =>
        api.request('POST', '/api/connections/microsoft/authorize', { loginHint: loginHint || null }),
    disconnect: (provider) => api.request('DELETE', `/api/connections/${provider}`),
    connect: (provider, fields) => api.request('PUT', `/api/connections/${provider}`, fields),
};
