// The caller's sync event stream. EventSource cannot send a bearer token, so it carries a ticket, which opens one
// stream once: the browser's own reconnect would be refused, so on any error the page closes the stream and opens
// a new one with a fresh ticket, resuming after the last event seen. A stream the service closed because a newer
// one of the same person took its place (another tab) is reopened only when this page is visible again, so two tabs
// never take each other's place in turn.
const syncEvents = {
    source: null,
    wanted: false,
    lastEventId: null,
    types: [
        'sync.pending',
        'sync.processing',
        'sync.retrying',
        'sync.completed',
        'sync.superseded',
        'sync.failed',
        'sync.conflict',
        'sync.unconfirmed',
        'sync.resolved',
        'connection.needs_reconnect',
        'task.changed',
        'task.list_changed',
    ],

    async connect(onReady, onEvent, onState) {
        syncEvents.wanted = true;
        const { ticket } = await api.ticket();
        if (!syncEvents.wanted) return;
        const resume = syncEvents.lastEventId ? `&lastEventId=${syncEvents.lastEventId}` : '';
        const source = new EventSource(`/api/sync/events?ticket=${encodeURIComponent(ticket)}${resume}`);
        syncEvents.source = source;
        source.addEventListener('ready', (message) => {
            onState('live');
            onReady(JSON.parse(message.data).lastEventId);
        });
        for (const type of syncEvents.types) {
            source.addEventListener(type, (message) => {
                syncEvents.lastEventId = Number(message.lastEventId);
                onEvent(JSON.parse(message.data));
            });
        }
        source.addEventListener('stream.closed', () => {
            source.close();
            if (syncEvents.source !== source) return;
            syncEvents.source = null;
            onState('paused');
            syncEvents.resumeWhenVisible(onReady, onEvent, onState);
        });
        source.onerror = () => {
            source.close();
            if (syncEvents.source !== source) return;
            onState('reconnecting');
            syncEvents.reconnect(onReady, onEvent, onState, 500);
        };
    },

    reconnect(onReady, onEvent, onState, delay) {
        setTimeout(() => {
            if (!syncEvents.wanted) return;
            syncEvents.connect(onReady, onEvent, onState).catch(() => {
                onState('offline');
                syncEvents.reconnect(onReady, onEvent, onState, 5000);
            });
        }, delay);
    },

    resumeWhenVisible(onReady, onEvent, onState) {
        const resume = () => {
            if (document.visibilityState !== 'visible' || !syncEvents.wanted) return;
            document.removeEventListener('visibilitychange', resume);
            syncEvents
                .connect(onReady, onEvent, onState)
                .catch(() => syncEvents.reconnect(onReady, onEvent, onState, 5000));
        };
        document.addEventListener('visibilitychange', resume);
    },

    close() {
        syncEvents.wanted = false;
        syncEvents.source?.close();
        syncEvents.source = null;
    },
};
