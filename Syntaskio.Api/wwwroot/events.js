// The caller's sync event stream. EventSource cannot send a bearer token, so it carries a short-lived ticket; when
// the ticket has expired and the browser gives up reconnecting, a new ticket resumes after the last event seen.
const syncEvents = {
  source: null,
  lastEventId: null,
  types: ['sync.pending', 'sync.processing', 'sync.retrying', 'sync.completed', 'sync.superseded', 'sync.failed', 'sync.conflict', 'sync.resolved', 'connection.needs_reconnect',
    'task.changed', 'task.list_changed'],

  async connect(onReady, onEvent, onState) {
    const { ticket } = await api.ticket();
    const resume = syncEvents.lastEventId ? `&lastEventId=${syncEvents.lastEventId}` : '';
    const source = new EventSource(`/api/sync/events?ticket=${encodeURIComponent(ticket)}${resume}`);
    syncEvents.source = source;
    source.addEventListener('ready', (message) => { onState('live'); onReady(JSON.parse(message.data).lastEventId); });
    for (const type of syncEvents.types) {
      source.addEventListener(type, (message) => {
        syncEvents.lastEventId = Number(message.lastEventId);
        onEvent(JSON.parse(message.data));
      });
    }
    source.onerror = () => {
      onState('reconnecting');
      if (source.readyState === EventSource.CLOSED && syncEvents.source === source) {
        setTimeout(() => syncEvents.connect(onReady, onEvent, onState).catch(() => onState('offline')), 1000);
      }
    };
  },

  close() { syncEvents.source?.close(); syncEvents.source = null; },
};
