using Syntaskio.Api.Audit;
using Syntaskio.Api.Auth;
using Syntaskio.Api.Connections;
using Syntaskio.Api.Development;
using Syntaskio.Api.Infrastructure;
using Syntaskio.Api.Intake;
using Syntaskio.Api.SyncEvents;
using Syntaskio.Api.SyncJobs;
using Syntaskio.Api.Tasks;
using Syntaskio.Api.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.AddSyncJobsApi();
builder.AddSyntaskioAuthentication();
builder.AddApiDefaults();
builder.AddSyncEvents();
builder.AddAudit();
builder.AddRequestRateLimits();
builder.AddSupportDashboard();
builder.AddDemoData();

var app = builder.Build();
await app.MigrateDatabaseAsync();
if (args.Contains("migrate"))
    return;

app.UseSecurityHeaders();
app.UseStatusPage();
app.UseApiDefaults();
app.MapSupportDashboard();
app.MapTasksApi();
app.MapTaskHistoryApi();
app.MapSyncJobsApi();
app.MapSyncEventsApi();
app.MapAuditApi();
app.MapIntakeApi();
app.MapConnectionsApi();
app.MapWebhooksApi();
app.MapSupportSessionApi();
app.MapDevTokenApi();
app.Run();

public partial class Program;
