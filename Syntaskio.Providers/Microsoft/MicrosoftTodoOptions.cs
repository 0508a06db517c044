using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Providers.Microsoft;

public sealed class MicrosoftTodoOptions
{
    public const string Section = "Providers:Microsoft";

    /// <summary>How long one Graph call may take before it counts as a (retryable) timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The Microsoft identity platform's token endpoint for refresh_token grants.</summary>
    [Required]
    public Uri TokenEndpoint { get; set; } = new("https://login.microsoftonline.com/common/oauth2/v2.0/token");

    /// <summary>The app registration's client id; without it an expired token cannot be refreshed.</summary>
    public string? ClientId { get; set; }

    /// <summary>The app registration's client secret (configuration or a secret store, never the repository).</summary>
    public string? ClientSecret { get; set; }

    [Required]
    public string Scope { get; set; } = "Tasks.ReadWrite offline_access";
}
