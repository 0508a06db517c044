using Syntaskio.Api.Audit;

namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// Browser security headers on every answer, set as it starts (so an error page carries them too): a strict
/// Content-Security-Policy with no inline script and no framing, nosniff, no Referer (an OAuth code or an event
/// ticket in a URL must not leak), no-store on the API's answers, and HSTS outside Development. The status page
/// needs nothing more; the dashboard's own markup sets style attributes, so its path alone allows inline styles
/// (SecurityHeadersTests saw 30 refusals on a job's page without it), and Development's /docs has its own.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string DashboardContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference at /docs, mapped in Development only: Scalar starts from an inline script and its script
    /// adds style elements.
    /// </summary>
    public const string DocsContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        + "frame-ancestors 'none'";

    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var production = !app.Environment.IsDevelopment();
        app.Use(
            (context, next) =>
            {
                // Read now: the dashboard moves its prefix from Path to PathBase before the answer starts.
                var path = context.Request.Path;
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers.XContentTypeOptions = "nosniff";
                    headers["Referrer-Policy"] = "no-referrer";
                    headers.XFrameOptions = "DENY";
                    headers.ContentSecurityPolicy = PolicyFor(path, production);
                    if (path.StartsWithSegments("/api"))
                        headers.CacheControl = "no-store";
                    if (production)
                        headers.StrictTransportSecurity = StrictTransportSecurity;
                    return Task.CompletedTask;
                });
                return next(context);
            }
        );
        return app;
    }

    private static string PolicyFor(PathString path, bool production) =>
        path.StartsWithSegments(DashboardAuditMiddleware.DashboardPath) ? DashboardContentSecurityPolicy
        : !production && path.StartsWithSegments(ApiDefaults.DocsPath) ? DocsContentSecurityPolicy
        : ContentSecurityPolicy;
}
