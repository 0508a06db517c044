using Syntaskio.Jobs.Hosting;
using Syntaskio.Jobs.Persistence;

// A Hangfire server on its own: scale sync workers apart from the API, or run the API with
// Sync:Workers:Enabled=false. Same configuration as the API (docs/configuration.md), no HTTP.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSyncJobs(builder.Configuration);

var host = builder.Build();
await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
await host.RunAsync();
