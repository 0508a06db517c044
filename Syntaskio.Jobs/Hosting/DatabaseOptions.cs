using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Jobs.Hosting;

/// <summary>Bound from ConnectionStrings:Syntaskio (environment: ConnectionStrings__Syntaskio).</summary>
public sealed class DatabaseOptions
{
    [Required(ErrorMessage = "ConnectionStrings:Syntaskio is not set: point it at the PostgreSQL database.")]
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Upper bound of the pool that the sync jobs' own work, the watcher, the event streams and the API's reads draw
    /// from. It bounds what the workers ask of PostgreSQL at once, whatever their number: 100 workers on 100
    /// connections kept 2 cores' PostgreSQL so busy that each statement waited a quarter of a second.
    /// </summary>
    [Range(10, 1000)]
    public int MaxPoolSize { get; set; } = 16;

    /// <summary>Upper bound of Hangfire's own pool (its queue, its state changes, the dashboard).</summary>
    [Range(4, 1000)]
    public int HangfirePoolSize { get; set; } = 8;

    /// <summary>Upper bound of the accept path's own pool (Scheduling.AcceptPool): the changes' transactions.</summary>
    [Range(2, 200)]
    public int AcceptPoolSize { get; set; } = 20;
}
