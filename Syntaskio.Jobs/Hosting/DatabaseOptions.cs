using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Jobs.Hosting;

/// <summary>Bound from ConnectionStrings:Syntaskio (environment: ConnectionStrings__Syntaskio).</summary>
public sealed class DatabaseOptions
{
    [Required(ErrorMessage = "ConnectionStrings:Syntaskio is not set: point it at the PostgreSQL database.")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Upper bound of the shared Npgsql pool that the API, the workers and Hangfire all draw from.</summary>
    [Range(10, 1000)]
    public int MaxPoolSize { get; set; } = 100;
}
