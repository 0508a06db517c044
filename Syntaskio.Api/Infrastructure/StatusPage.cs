namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// The status page at / (wwwroot: plain HTML, CSS and JavaScript, no build step). It is public; everything it shows
/// comes from the API with the signed-in user's token.
/// </summary>
public static class StatusPage
{
    public static WebApplication UseStatusPage(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }
}
