using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;
using Syntaskio.Api.Audit;
using Syntaskio.Api.Auth;

namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// The Hangfire dashboard at /hangfire for support staff only: the support role acts, the read-only role looks,
/// and every action is audited. Call after UseApiDefaults, so the audit sees the authorized user.
/// Its POSTs need an antiforgery token tied to the support session: with IAntiforgery registered, Hangfire puts the
/// token in each page and its script sends it; a POST without it, or with another session's, is refused (403) and
/// audited as refused by <see cref="DashboardAuditMiddleware"/>.
/// </summary>
public static class SupportDashboard
{
    // Hangfire keeps job-page renderers, pages and menu items process-wide: one registration serves every host.
    private static int sectionRegistered;

    public static WebApplicationBuilder AddSupportDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "syntaskio-antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.Path = DashboardAuditMiddleware.DashboardPath;
        });
        return builder;
    }

    public static WebApplication MapSupportDashboard(this WebApplication app)
    {
        if (Interlocked.Exchange(ref sectionRegistered, 1) == 0)
        {
            GlobalConfiguration.Configuration.UseJobDetailsRenderer(10, SyncJobDashboard.RenderSection);
            DeadLettersPage.Register();
        }
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        app.UseMiddleware<DashboardAuditMiddleware>();
        app.MapHangfireDashboardWithAuthorizationPolicy(
            SupportPolicies.Dashboard,
            DashboardAuditMiddleware.DashboardPath,
            new DashboardOptions
            {
                DashboardTitle = "Syntaskio Sync",
                DisplayStorageConnectionString = false,
                Authorization = [],
                IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(auth.SupportRole),
                DisplayNameFunc = SyncJobDashboard.NameOf,
            },
            app.Services.GetRequiredService<JobStorage>()
        );
        return app;
    }
}
