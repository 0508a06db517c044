using Npgsql;

namespace Syntaskio.Jobs.Queueing;

/// <summary>
/// One LISTEN connection per storage (and one for the connection watcher, on its own channel), on its own thread,
/// instead of one per waiting worker: each NOTIFY (one per enqueue) releases one waiting worker rather than all of
/// them. Started by the first worker that waits, so a process that only enqueues (an API node) never listens. With a
/// <paramref name="fallbackPoll"/>, one waiter a process is woken that often to look anyway (for a job whose fetch
/// by a killed worker has expired, which nothing announces), rather than every waiter polling on its own.
/// </summary>
public sealed class QueueWakeUps(NpgsqlDataSource dataSource, string channel, TimeSpan? fallbackPoll = null)
    : IDisposable
{
    // Enough to wake every worker of a busy process; more saved-up releases would only cause empty fetches.
    private const int MaxPending = 64;
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    // How often the listening thread looks whether it was disposed. Npgsql ends a wait that times out by throwing
    // (six exceptions with their causes and rethrows): a 1 s wait threw 12 a second in an idle process.
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim wakeUps = new(0, int.MaxValue);
    private readonly CancellationTokenSource stopping = new();
    private Timer? poll;
    private int started;

    /// <summary>Waits for a wake-up (a NOTIFY or the fallback timer), at most <paramref name="timeout"/>.</summary>
    public bool Wait(TimeSpan timeout, CancellationToken cancellationToken)
    {
        StartListening();
        return wakeUps.Wait(timeout, cancellationToken);
    }

    /// <summary>Waits for a wake-up without holding a thread, at most <paramref name="timeout"/>.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        StartListening();
        return wakeUps.WaitAsync(timeout, cancellationToken);
    }

    private void StartListening()
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
            return;
        new Thread(Listen) { IsBackground = true, Name = $"LISTEN {channel}" }.Start();
        if (fallbackPoll is { } interval)
            poll = new Timer(_ => WakeOne(), null, interval, interval);
    }

    /// <summary>
    /// Wakes one waiting worker (a worker that got a job passes the turn on, in case more are queued).
    /// </summary>
    public void WakeOne()
    {
        if (wakeUps.CurrentCount < MaxPending)
            wakeUps.Release();
    }

    private void Listen()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                using var connection = dataSource.OpenConnection();
                connection.Notification += (_, _) => WakeOne();
                using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                    listen.ExecuteNonQuery();
                // Anything enqueued while this connection was down was not announced: let a worker look.
                WakeOne();
                while (!stopping.IsCancellationRequested)
                    connection.Wait(ListenTimeout);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception exception)
                when (exception
                        is NpgsqlException
                            or IOException
                            or System.Net.Sockets.SocketException
                            or TimeoutException
                )
            {
                // The workers' fallback poll keeps jobs moving while the database is away.
                stopping.Token.WaitHandle.WaitOne(ReconnectDelay);
            }
        }
    }

    public void Dispose()
    {
        poll?.Dispose();
        stopping.Cancel();
        stopping.Dispose();
    }
}
