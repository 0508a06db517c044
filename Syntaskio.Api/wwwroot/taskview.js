// How the status page draws tasks: a section per vendor, a row per task with its status, its sync's badge in words,
// and the actions its vendor allows. Rows only draw; app.js owns the tasks and what the buttons do.
const sources = { microsoft: 'Microsoft To Do', connectwise: 'ConnectWise Manage', processplan: 'Process Plan' };
const statusWords = { pending: '', in_progress: 'In progress', completed: 'Done' };

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
    if (!row) return;
    const { state, label, detail } = syncState(task);
    const checkbox = row.querySelector('.task-toggle');
    checkbox.checked = task.status === 'completed';
    // A done step that its vendor cannot reopen (Process Plan) stays done here too.
    checkbox.disabled = task.status === 'completed' && task.canReopen === false;
    checkbox.title = checkbox.disabled ? 'Process Plan does not allow reopening a completed step' : '';
    const chip = row.querySelector('.status-chip');
    chip.dataset.status = task.status;
    chip.textContent = statusWords[task.status] ?? task.status;
    const badge = row.querySelector('.badge');
    badge.dataset.state = state;
    badge.textContent = label;
    row.querySelector('.detail').textContent = task.error ?? task.vendorNote ?? detail;
    row.querySelector('.start').hidden = !task.canStart || task.status !== 'pending';
    row.querySelector('.retry').hidden = !['failed', 'unconfirmed'].includes(state) || !task.sync;
    row.querySelector('.conflict-choice').hidden = state !== 'conflict';
}

function taskRow(task) {
    const row = el('task-row').content.firstElementChild.cloneNode(true);
    row.dataset.taskId = task.id;
    const checkbox = row.querySelector('.task-toggle');
    checkbox.id = `task-${task.id}`;
    const title = row.querySelector('.title');
    title.htmlFor = checkbox.id;
    title.textContent = task.title;
    const detail = row.querySelector('.detail');
    detail.id = `detail-${task.id}`;
    checkbox.setAttribute('aria-describedby', detail.id);
    const panel = row.querySelector('.history');
    panel.id = `history-${task.id}`;
    const historyToggle = row.querySelector('.history-toggle');
    historyToggle.id = `history-toggle-${task.id}`;
    historyToggle.setAttribute('aria-controls', panel.id);
    // Every button names its task, so a screen reader's list of buttons says which task each one acts on.
    for (const button of row.querySelectorAll('button'))
        button.setAttribute('aria-label', `${button.textContent}: ${task.title}`);
    checkbox.addEventListener('change', (e) => toggle(task.id, e.target.checked));
    row.querySelector('.start').addEventListener('click', () => startTask(task.id));
    row.querySelector('.retry').addEventListener('click', () => act(task.id, () => api.retry(task.sync.id)));
    row.querySelector('.keep-source').addEventListener('click', () =>
        act(task.id, () => api.resolve(task.sync.id, 'keep-source')),
    );
    row.querySelector('.push-ours').addEventListener('click', () =>
        act(task.id, () => api.resolve(task.sync.id, 'push-ours')),
    );
    historyToggle.addEventListener('click', () => taskHistory.toggle(row, task.id).catch(showError));
    return row;
}

function renderAll() {
    const groups = el('groups');
    groups.replaceChildren();
    for (const [source, name] of Object.entries(sources)) {
        const mine = [...tasks.values()].filter((task) => task.source === source);
        if (mine.length === 0) continue;
        const section = document.createElement('section');
        section.className = 'vendor';
        section.setAttribute('aria-labelledby', `vendor-${source}`);
        const heading = document.createElement('h2');
        heading.id = `vendor-${source}`;
        const count = document.createElement('span');
        count.className = 'count';
        const open = mine.filter((task) => task.status !== 'completed').length;
        count.textContent = `${open} open of ${mine.length}`;
        heading.append(name, count);
        const list = document.createElement('ul');
        list.dataset.source = source;
        for (const task of mine) list.append(taskRow(task));
        section.append(heading, list);
        groups.append(section);
    }
    if (tasks.size === 0) {
        const empty = document.createElement('p');
        empty.className = 'empty card';
        empty.textContent =
            'No tasks yet. Connect an account above: its tasks appear here, and what you tick here is done there.';
        groups.append(empty);
    }
    tasks.forEach(render);
    for (const row of groups.querySelectorAll('[data-task-id]')) taskHistory.restore(row, row.dataset.taskId);
}
