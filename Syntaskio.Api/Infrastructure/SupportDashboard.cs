using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;
using Syntaskio.Api.Audit;
using Syntaskio.Api.Auth;

namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// The Hangfire dashboard at /hangfire for support staff only: the support role acts, the read-only role looks,
/// and every action is audited. Call after UseApiDefaults, so the audit sees the authorized user.
/// </summary>
public static class SupportDashboard
{
    // Hangfire keeps job-page renderers, pages and menu items process-wide: one registration serves every host.
    private static int sectionRegistered;

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
            app.Services.GetRequiredService<JobStorage>());
        return app;
    }
}
