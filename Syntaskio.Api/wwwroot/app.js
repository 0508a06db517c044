// The status page: the user's tasks by source, a checkbox that completes or reopens and a Start button, each with an
// optimistic update, and a badge per task kept current by the event stream. Each task remembers the sync job it
// shows and the last event applied to it, so a late, repeated or out-of-order event (or the POST's own answer
// arriving after the events) never moves it backwards. Drawing lives in taskview.js.
const tasks = new Map();
let loaded = false;
let early = [];

// Said once to screen readers through the page's aria-live region: what a live update changed.
function announce(text) {
    el('announcer').textContent = text;
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

const toggle = (taskId, done) => changeStatus(taskId, done ? 'completed' : 'pending', () => api.change(taskId, done));

const startTask = (taskId) => changeStatus(taskId, 'in_progress', () => api.start(taskId));

async function changeStatus(taskId, status, call) {
    const task = tasks.get(taskId);
    const before = { status: task.status, sync: task.sync };
    const eventIdBefore = task.sync?.eventId ?? 0;
    task.status = status;
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
        adopt(task, await call(), eventIdBefore);
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
    taskHistory.changed(task.id);
    if (event.type === 'task.changed') {
        task.status = event.taskStatus;
        task.vendorNote = `changed in ${sources[task.source]}`;
        if (task.sync) task.sync.eventId = event.eventId;
        render(task);
        announce(`${task.title}: ${task.vendorNote}`);
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
    if (announced.includes(event.type)) announce(`${task.title}: ${syncState(task).label}`);
}

// The ends of a sync, and a retry's wait: the moments worth interrupting a screen reader for.
const announced = ['sync.completed', 'sync.failed', 'sync.conflict', 'sync.unconfirmed', 'sync.retrying'];

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
    badge.title = state === 'paused' ? pausedText : 'Live updates';
    if (state === 'paused') announce(pausedText);
}

const pausedText = 'Live updates paused: you opened Syntaskio in another tab. They resume when you come back here.';

async function start() {
    el('sign-in-panel').hidden = true;
    el('tasks').hidden = false;
    el('who-line').hidden = false;
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
