using Syntaskio.Sandbox.ConnectWise;
using Syntaskio.Sandbox.Control;
using Syntaskio.Sandbox.Faults;
using Syntaskio.Sandbox.Microsoft;
using Syntaskio.Sandbox.ProcessPlan;

namespace Syntaskio.Sandbox;

/// <summary>
/// Stands in for the vendors on loopback: Microsoft Graph's To Do routes under /graph/v1.0, ConnectWise Manage under
/// /connectwise/v4_6_release/apis/3.0 and Process Plan under /processplan/api/v1 (Graph's change notifications
/// POSTed to the service's webhook), and a control surface
/// under /_sandbox for seeding objects, reading their vendor-side state and injecting faults.
/// </summary>
public static class SandboxApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton<RequestJournal>();
        builder.Services.AddSingleton<TodoStore>();
        builder.Services.AddSingleton<GraphSubscriptionStore>();
        builder.Services.AddSingleton<AuthorizationCodes>();
        builder.Services.AddSingleton<ThrottleCounter>();
        builder.Services.AddSingleton<ISandboxObjectStore>(provider => provider.GetRequiredService<TodoStore>());
        builder.Services.AddSingleton<CwStore>();
        builder.Services.AddSingleton<CwCallbackStore>();
        builder.Services.AddSingleton<ISandboxObjectStore>(provider => provider.GetRequiredService<CwStore>());
        builder.Services.AddSingleton<PpStore>();
        builder.Services.AddSingleton<ISandboxObjectStore>(provider => provider.GetRequiredService<PpStore>());
        builder.Services.AddSingleton(TimeProvider.System);

        var app = builder.Build();
        app.UseMiddleware<RequestJournalMiddleware>();
        app.UseMiddleware<MailboxConcurrencyMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.MapGet("/_sandbox/health", () => TypedResults.Ok(new { status = "ok" }));
        app.MapGet("/_sandbox/stats", (ThrottleCounter throttled, RequestJournal journal) =>
            TypedResults.Ok(new { throttled = new { microsoft = throttled.Value }, requests = journal.Totals })
        );
        app.MapFaultsApi();
        app.MapObjectsApi();
        app.MapRequestsApi();
        app.MapGraphTodoApi();
        app.MapGraphDeltaApi();
        app.MapGraphSubscriptionsApi();
        app.MapGraphLifecycleApi();
        // Subscribes to the To Do store's changes from the start, before any route has asked for it.
        app.Services.GetRequiredService<GraphSubscriptionStore>();
        app.Services.GetRequiredService<CwCallbackStore>();
        app.MapIdentityPlatformApi();
        app.MapConnectWiseSeed();
        app.MapConnectWiseApi();
        app.MapProcessPlanSeed();
        app.MapProcessPlanApi();
        app.MapProcessPlanV4Api();
        return app;
    }
}
