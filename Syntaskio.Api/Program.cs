using Syntaskio.Api.Audit;
using Syntaskio.Api.Auth;
using Syntaskio.Api.Connections;
using Syntaskio.Api.Development;
using Syntaskio.Api.Intake;
using Syntaskio.Api.Infrastructure;
using Syntaskio.Api.SyncEvents;
using Syntaskio.Api.SyncJobs;
using Syntaskio.Api.Tasks;

var builder = WebApplication.CreateBuilder(args);
builder.AddSyncJobsApi();
builder.AddSyntaskioAuthentication();
builder.AddApiDefaults();
builder.AddSyncEvents();
builder.AddAudit();
builder.AddRequestRateLimits();
builder.AddDemoData();

var app = builder.Build();
await app.MigrateDatabaseAsync();
if (args.Contains("migrate")) return;

app.UseStatusPage();
app.UseApiDefaults();
app.MapSupportDashboard();
app.MapTasksApi();
app.MapSyncJobsApi();
app.MapSyncEventsApi();
app.MapAuditApi();
app.MapIntakeApi();
app.MapConnectionsApi();
app.MapSupportSessionApi();
app.MapDevTokenApi();
app.Run();

public partial class Program;
