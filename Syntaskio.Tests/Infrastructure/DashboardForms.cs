using System.Text.RegularExpressions;

namespace Syntaskio.Tests.Infrastructure;

/// <summary>
/// Posts to the Hangfire dashboard as its own script does: with the antiforgery header and token from a page the
/// client's session loaded (its cookie jar keeps the antiforgery cookie).
/// </summary>
public static partial class DashboardForms
{
    public static async Task<HttpResponseMessage> PostToDashboardAsync(
        this HttpClient support,
        string path,
        HttpContent? content = null
    )
    {
        var (header, token) = await TokenAsync(support);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add(header, token);
        return await support.SendAsync(request);
    }

    /// <summary>The header name and token the dashboard gave this client's session.</summary>
    public static async Task<(string Header, string Token)> TokenAsync(HttpClient support)
    {
        var page = await support.GetStringAsync("/hangfire/");
        return (
            Header().Match(page) is { Success: true } h
                ? h.Groups[1].Value
                : throw new InvalidOperationException("The dashboard gave no antiforgery header."),
            Token().Match(page) is { Success: true } t
                ? t.Groups[1].Value
                : throw new InvalidOperationException("The dashboard gave no antiforgery token.")
        );
    }

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"([^\"]+)\">")]
    private static partial Regex Header();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\">")]
    private static partial Regex Token();
}
