// The status page: the user's tasks by source, a checkbox that completes or reopens with an optimistic update, and
// a badge per task kept current by the event stream. Each task remembers the sync job it shows and the last event
// applied to it, so a late, repeated or out-of-order event (or the POST's own answer arriving after the events)
// never moves it backwards.
const sources = { microsoft: 'Microsoft To Do', connectwise: 'ConnectWise Manage', processplan: 'Process Plan' };
const tasks = new Map();
let loaded = false;
let early = [];

const el = (id) => document.getElementById(id);

function syncState(task) {
    const sync = task.sync;
    if (!sync) return { state: '', label: '', detail: '' };
    if (sync.status === 'completed') return { state: 'synced', label: 'synced', detail: '' };
    if (sync.status === 'superseded') return { state: 'syncing', label: 'replaced by a newer change', detail: '' };
    if (sync.status === 'failed' && sync.failureKind === 'conflict' && !sync.resolution)
        return { state: 'conflict', label: 'conflict', detail: sync.error ?? '' };
    if (sync.status === 'failed' && sync.failureKind === 'unknown_outcome')
        return {
            state: 'unconfirmed',
            label: 'unconfirmed',
            detail: `We could not confirm whether ${sources[task.source]} took this change.`,
        };
    if (sync.status === 'failed' && sync.resolution === 'kept-source')
        return { state: 'synced', label: 'kept source', detail: '' };
    if (sync.status === 'failed') return { state: 'failed', label: 'failed', detail: sync.error ?? '' };
    if (sync.status === 'pending' && sync.nextAttemptAt)
        return {
            state: 'retrying',
            label: `retrying (attempt ${sync.attempts + 1})`,
            detail: `next attempt ${new Date(sync.nextAttemptAt).toLocaleTimeString()}: ${sync.error ?? ''}`,
        };
    return { state: 'syncing', label: 'syncing', detail: '' };
}

function render(task) {
    const row = document.querySelector(`[data-task-id="${task.id}"]`);
    const { state, label, detail } = syncState(task);
    const checkbox = row.querySelector('.task-toggle');
    checkbox.checked = task.status === 'completed';
    // A done step that its vendor cannot reopen (Process Plan) stays done here too.
    checkbox.disabled = task.status === 'completed' && task.canReopen === false;
    checkbox.title = checkbox.disabled ? 'Process Plan does not allow reopening a completed step' : '';
    const badge = row.querySelector('.badge');
    badge.dataset.state = state;
    badge.textContent = label;
    row.querySelector('.detail').textContent = task.error ?? task.vendorNote ?? detail;
    row.querySelector('.retry').hidden = !['failed', 'unconfirmed'].includes(state) || !task.sync;
    row.querySelector('.conflict-choice').hidden = state !== 'conflict';
}

function renderAll() {
    const groups = el('groups');
    groups.replaceChildren();
    for (const [source, name] of Object.entries(sources)) {
        const mine = [...tasks.values()].filter((task) => task.source === source);
        if (mine.length === 0) continue;
        const heading = document.createElement('h2');
        heading.textContent = name;
        const list = document.createElement('ul');
        list.dataset.source = source;
        for (const task of mine) {
            const row = el('task-row').content.firstElementChild.cloneNode(true);
            row.dataset.taskId = task.id;
            row.querySelector('.title').textContent = task.title;
            row.querySelector('.task-toggle').addEventListener('change', (e) => toggle(task.id, e.target.checked));
            row.querySelector('.retry').addEventListener('click', () => act(task.id, () => api.retry(task.sync.id)));
            row.querySelector('.keep-source').addEventListener('click', () =>
                act(task.id, () => api.resolve(task.sync.id, 'keep-source')),
            );
            row.querySelector('.push-ours').addEventListener('click', () =>
                act(task.id, () => api.resolve(task.sync.id, 'push-ours')),
            );
            list.append(row);
        }
        groups.append(heading, list);
    }
    tasks.forEach(render);
}

// A sync job the API just accepted becomes the one the task shows, unless its events already got there first: an
// event of that job newer than the last one seen before the request (a conflict found before the POST's own answer
// came back, say) is newer news than the answer.
function adopt(task, job, eventIdBefore) {
    if (task.sync?.id === job.id && (task.sync.status !== 'failed' || task.sync.eventId > eventIdBefore)) return;
    task.sync = {
        id: job.id,
        status: job.status,
        error: job.error,
        attempts: job.attempts ?? 0,
        nextAttemptAt: null,
        failureKind: null,
        resolution: job.resolution ?? null,
        eventId: task.sync?.eventId ?? 0,
    };
}

async function toggle(taskId, done) {
    const task = tasks.get(taskId);
    const before = { status: task.status, sync: task.sync };
    const eventIdBefore = task.sync?.eventId ?? 0;
    task.status = done ? 'completed' : 'pending';
    task.sync = {
        ...(task.sync ?? { eventId: 0 }),
        id: null,
        status: 'pending',
        nextAttemptAt: null,
        error: null,
        failureKind: null,
        resolution: null,
    };
    task.error = null;
    render(task);
    try {
        adopt(task, await api.change(taskId, done), eventIdBefore);
    } catch (error) {
        Object.assign(task, before, { error: error.message });
    }
    render(task);
}

async function act(taskId, call) {
    const task = tasks.get(taskId);
    task.error = null;
    const eventIdBefore = task.sync?.eventId ?? 0;
    try {
        const job = await call();
        if (job && job.status === 'pending') adopt(task, job, eventIdBefore);
    } catch (error) {
        task.error = error.message;
    }
    render(task);
}

const eventEffects = {
    'sync.pending': { status: 'pending' },
    'sync.processing': { status: 'processing' },
    'sync.retrying': { status: 'pending' },
    'sync.completed': { status: 'completed' },
    'sync.superseded': { status: 'superseded' },
    'sync.failed': { status: 'failed' },
    'sync.conflict': { status: 'failed', failureKind: 'conflict' },
    'sync.unconfirmed': { status: 'failed', failureKind: 'unknown_outcome' },
    'sync.resolved': { status: 'failed', failureKind: 'conflict', resolution: 'kept-source' },
};

function apply(event) {
    if (event.type.startsWith('connection.')) {
        document.dispatchEvent(new CustomEvent('connection-event', { detail: event }));
        return;
    }
    // Tasks were added or removed at a vendor: the list is read again.
    if (event.type === 'task.list_changed') {
        reload();
        return;
    }
    if (!loaded) {
        early.push(event);
        return;
    }
    const task = tasks.get(event.taskId);
    if (!task || event.eventId <= (task.sync?.eventId ?? 0)) return;
    // Someone changed the task at its vendor: it shows what the vendor shows, and says where that came from.
    if (event.type === 'task.changed') {
        task.status = event.taskStatus;
        task.vendorNote = `changed in ${sources[task.source]}`;
        if (task.sync) task.sync.eventId = event.eventId;
        render(task);
        return;
    }
    task.vendorNote = null;
    const current = task.sync?.id;
    // An older job's late events do not replace the job the task shows; a new job starts with sync.pending.
    if (current && current !== event.syncJobId && event.type !== 'sync.pending') return;
    task.status = event.taskStatus;
    task.error = null;
    task.sync = {
        id: event.syncJobId,
        error: event.error,
        attempts: event.attempt,
        nextAttemptAt: event.nextAttemptAt,
        failureKind: null,
        resolution: null,
        eventId: event.eventId,
        ...eventEffects[event.type],
    };
    render(task);
}

async function reload() {
    loaded = false;
    const list = await api.tasks();
    tasks.clear();
    for (const task of list) tasks.set(task.id, { ...task, sync: task.sync ?? null, error: null });
    loaded = true;
    renderAll();
    const pending = early;
    early = [];
    pending.forEach(apply);
}

function setStreamState(state) {
    const badge = el('stream-state');
    badge.dataset.state = state;
    badge.textContent = state;
}

async function start() {
    el('sign-in-panel').hidden = true;
    el('tasks').hidden = false;
    el('who').textContent = JSON.parse(atob(api.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub;
    document.dispatchEvent(new Event('signed-in'));
    await syncEvents.connect(() => reload().catch(showError), apply, setStreamState);
}

function showError(error) {
    el('sign-in-error').textContent = error.message;
    el('sign-in-error').hidden = false;
}

el('sign-in-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
        api.token = el('token').value.trim() || (await api.devToken(el('sub').value.trim()));
        sessionStorage.setItem('syntaskio.token', api.token);
        await start();
    } catch (error) {
        el('sign-in-panel').hidden = false;
        el('tasks').hidden = true;
        showError(error);
    }
});

// The dashboard takes a session cookie, not a bearer token: exchange the token first (support roles only).
document.querySelector('a.support').addEventListener('click', async (e) => {
    e.preventDefault();
    try {
        await api.supportSession();
        location.href = '/hangfire';
    } catch (error) {
        showError(new Error(`The support dashboard needs a support role: ${error.message}`));
    }
});

el('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem('syntaskio.token');
    syncEvents.close();
    location.reload();
});

if (api.token)
    start().catch((error) => {
        sessionStorage.removeItem('syntaskio.token');
        el('sign-in-panel').hidden = false;
        el('tasks').hidden = true;
        showError(error);
    });
