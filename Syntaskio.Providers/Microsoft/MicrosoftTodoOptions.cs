using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Providers.Microsoft;

public sealed class MicrosoftTodoOptions
{
    public const string Section = "Providers:Microsoft";

    /// <summary>
    /// How long one Graph call may take, from when it is sent, before it counts as a (retryable) timeout.
    /// </summary>
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

    /// <summary>The identity platform's authorize endpoint, where a person signs in to connect To Do.</summary>
    [Required]
    public Uri AuthorizeEndpoint { get; set; } = new("https://login.microsoftonline.com/common/oauth2/v2.0/authorize");

    /// <summary>
    /// This service's callback, registered with the app: https://{host}/api/connections/microsoft/callback. Required to
    /// connect accounts outside Development; in Development the address the request came to is used.
    /// </summary>
    public Uri? RedirectUri { get; set; }

    /// <summary>Microsoft Graph, where a connected account's To Do lives.</summary>
    [Required]
    public Uri GraphBaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0");
}
