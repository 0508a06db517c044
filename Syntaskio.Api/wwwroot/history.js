// A task's history panel: its story from GET /api/tasks/{id}/history, newest first, in the API's words. While a
// panel is open, every event about its task reads it again, so it updates live.
const taskHistory = {
    open: new Set(),

    async toggle(row, taskId) {
        const panel = row.querySelector('.history');
        const opening = panel.hidden;
        panel.hidden = !opening;
        row.querySelector('.history-toggle').setAttribute('aria-expanded', String(opening));
        if (!opening) {
            taskHistory.open.delete(taskId);
            return;
        }
        taskHistory.open.add(taskId);
        await taskHistory.load(row, taskId);
    },

    // A row drawn again (the list was read again) keeps its panel open.
    restore(row, taskId) {
        if (!taskHistory.open.has(taskId)) return;
        row.querySelector('.history').hidden = false;
        row.querySelector('.history-toggle').setAttribute('aria-expanded', 'true');
        taskHistory.load(row, taskId).catch(() => {});
    },

    async load(row, taskId, before) {
        const page = await api.history(taskId, before);
        const list = row.querySelector('.entries');
        if (!before) list.replaceChildren();
        for (const entry of page.entries) list.append(taskHistory.item(entry));
        if (!before && page.entries.length === 0) {
            const none = document.createElement('li');
            none.textContent = 'Nothing has happened to this task here yet.';
            list.append(none);
        }
        const more = row.querySelector('.more');
        more.hidden = !page.nextBefore;
        more.onclick = () => taskHistory.load(row, taskId, page.nextBefore);
    },

    item(entry) {
        const item = document.createElement('li');
        item.dataset.kind = entry.kind;
        const time = document.createElement('time');
        time.dateTime = entry.at;
        time.textContent = new Date(entry.at).toLocaleTimeString();
        item.append(time, entry.text);
        if (entry.vendorError) item.append(` (${entry.vendorError})`);
        return item;
    },

    changed(taskId) {
        if (!taskHistory.open.has(taskId)) return;
        const row = document.querySelector(`[data-task-id="${taskId}"]`);
        if (row) taskHistory.load(row, taskId).catch(() => {});
    },
};
