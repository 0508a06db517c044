using Dapper;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Syntaskio.Jobs.Inbound;
using Syntaskio.Jobs.Intake;
using Syntaskio.Jobs.Lifecycle;
using Syntaskio.Jobs.Monitoring;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Processing;
using Syntaskio.Jobs.Queueing;
using Syntaskio.Jobs.Resilience;
using Syntaskio.Jobs.Scheduling;
using Syntaskio.Jobs.Security;
using Syntaskio.Providers;
using Syntaskio.Providers.Holds;

namespace Syntaskio.Jobs.Hosting;

public static class SyncJobsServiceCollectionExtensions
{
    /// <summary>
    /// The database, Hangfire storage and client, the job pipeline and, unless disabled, a Hangfire server.
    /// </summary>
    public static IServiceCollection AddSyncJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSyncDatabase(configuration);
        services.AddTaskProviders(configuration);
        services
            .AddOptions<SyncWorkerOptions>()
            .Bind(configuration.GetSection(SyncWorkerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ProviderRouter>();
        services.AddSingleton<SyncMetrics>();
        services.AddSingleton<SyncJobStateFilter>();
        services.AddSingleton<SyncRetryPolicy>();
        services.AddSingleton<SyncRetryFilter>();
        services
            .AddOptions<CircuitBreakerOptions>()
            .Bind(configuration.GetSection(CircuitBreakerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<SyncRetryOptions>()
            .Bind(configuration.GetSection(SyncRetryOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ProviderCircuitRepository>();
        services.AddSingleton<ProviderCircuitBreaker>();
        services.AddSingleton<ConnectionHoldRegistry>();
        services.AddSingleton<IConnectionHolds>(provider => provider.GetRequiredService<ConnectionHoldRegistry>());
        foreach (var (provider, defaults) in ProviderCatalogue.All.Select(entry => (entry.Source, entry.Limits)))
        {
            services
                .AddOptions<ProviderLimitOptions>(provider)
                .Configure(options =>
                    (options.MaxConcurrentSyncs, options.SyncsPerMinute, options.MaxWait) = (
                        defaults.MaxConcurrentSyncs,
                        defaults.SyncsPerMinute,
                        defaults.MaxWait
                    )
                )
                .Bind(configuration.GetSection($"{ProviderLimitOptions.Section}:{provider}"))
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }
        services.AddSingleton<ProviderThrottleRepository>();
        services.AddSingleton<ProviderThrottle>();
        services.AddSingleton<DatabaseAvailability>();
        services.AddTransient<SyncTaskJob>();
        services.AddSingleton<SyncScheduler>();
        services.AddSingleton<AcceptAnnouncer>();
        services.AddHostedService(provider => provider.GetRequiredService<AcceptAnnouncer>());
        services.AddSingleton<ManualRetry>();
        services.AddSingleton<TaskIntake>();
        services.AddSingleton<ConnectionRemoval>();
        // On a pool of its own: a state change holds one of its connections for its lock while SyncJobStateFilter
        // writes through the shared pool, so the two never wait on each other's connections.
        services.AddKeyedSingleton(HangfirePool, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return CreateDataSource(options, options.HangfirePoolSize, HangfirePool);
        });
        // Hangfire's own registrations fall back to the process-wide JobStorage.Current and JobActivator.Current;
        // registering this host's instances first (AddHangfire only TryAdds) keeps two hosts in one process apart.
        services.AddSingleton<JobStorage>(provider =>
            CreateStorage(
                provider.GetRequiredKeyedService<NpgsqlDataSource>(HangfirePool),
                provider.GetRequiredService<IOptions<SyncWorkerOptions>>().Value
            )
        );
        // The accept path's enqueue: its own storage on the accept pool, which never waits for a restarting database
        // (the request answers 503 at once), and the same filters as every other client. It is made on the first
        // request, so it leaves the schema to JobStorage, which prepares it at start-up.
        services.AddKeyedSingleton<IBackgroundJobClient>(AcceptPool.Key, (provider, key) =>
            new BackgroundJobClient(
                CreateStorage(
                    provider.GetRequiredKeyedService<NpgsqlDataSource>(key),
                    ClientOnly,
                    prepareSchema: false
                ),
                provider.GetRequiredService<IJobFilterProvider>()
            )
        );
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(
            provider.GetRequiredService<IServiceScopeFactory>()
        ));
        services.AddHangfire(hangfire =>
            hangfire
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
        );
        services.AddSingleton<ScheduleWakeUps>();
        services.AddSingleton<ScheduleAnnouncementFilter>();
        services.AddSingleton<TraceContextFilter>();
        services.AddSingleton<IJobFilterProvider, SyncJobFilterProvider>();
        services.AddSyncTracing(configuration);

        var inbound = configuration.GetSection(InboundOptions.Section);
        services
            .AddOptions<InboundOptions>()
            .Bind(inbound)
            .Configure(options =>
            {
                foreach (var entry in ProviderCatalogue.All)
                    options.PollIntervals[entry.Source] = inbound.GetValue(
                        $"{entry.ConfigName}:PollInterval",
                        entry.PollInterval
                    );
            })
            .ValidateDataAnnotations()
            .Validate(
                options => options.HasUsablePollIntervals(),
                "Sync:Inbound:{provider}:PollInterval must be from 0.2 s to 1 hour."
            )
            .Validate(
                options => options.HasUsablePublicBaseUrl(),
                "Sync:Inbound:PublicBaseUrl must be an absolute HTTPS address (HTTP only on loopback)."
            )
            .ValidateOnStart();
        services.AddSingleton<ConnectionWatchRepository>();
        services.AddSingleton<ChangeSubscriptionRepository>();
        services.AddSingleton<ChangeSubscriptions>();
        services.AddSingleton<ChangeNotifications>();
        if (configuration.GetSection(SyncWorkerOptions.Section).GetValue(nameof(SyncWorkerOptions.Enabled), true))
        {
            services.AddSingleton<IBackgroundProcess, DueJobScheduler>();
            services.AddHostedService<ConnectionHoldListener>();
            if (inbound.GetValue(nameof(InboundOptions.Enabled), true))
                services.AddHostedService<ConnectionWatcher>();
            services.AddHangfireServer(
                (provider, server) =>
                {
                    var options = provider.GetRequiredService<IOptions<SyncWorkerOptions>>().Value;
                    // Hangfire runs an async job by blocking its worker thread on it, so the job's continuations need
                    // pool threads of their own; short of idle ones, the pool adds one about every half second, and a
                    // retry due at an exact moment (SyncRetryState) starts late.
                    ThreadPool.GetMinThreads(out var poolThreads, out var ioThreads);
                    ThreadPool.SetMinThreads(Math.Max(poolThreads, options.WorkerCount * 2), ioThreads);
                    server.WorkerCount = options.WorkerCount;
                    server.SchedulePollingInterval = options.SchedulePollingInterval;
                    server.ServerTimeout = options.ServerTimeout;
                    server.ServerCheckInterval = options.ServerTimeout / 2;
                    server.HeartbeatInterval = options.ServerTimeout / 4;
                }
            );
        }
        return services;
    }

    public static IServiceCollection AddSyncDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.TryAddSingleton(TimeProvider.System);
        services
            .AddOptions<DatabaseOptions>()
            .Configure(options =>
            {
                options.ConnectionString = configuration.GetConnectionString("Syntaskio") ?? "";
                options.MaxPoolSize = configuration.GetValue("Database:MaxPoolSize", options.MaxPoolSize);
                options.AcceptPoolSize = configuration.GetValue("Database:AcceptPoolSize", options.AcceptPoolSize);
                options.HangfirePoolSize = configuration.GetValue(
                    "Database:HangfirePoolSize",
                    options.HangfirePoolSize
                );
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(provider =>
            CreateDataSource(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value)
        );
        services.AddKeyedSingleton(AcceptPool.Key, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return CreateDataSource(options, options.AcceptPoolSize, AcceptPool.Key, AcceptPool.AnnounceAfterCommit);
        });
        services
            .AddOptions<CredentialOptions>()
            .Bind(configuration.GetSection(CredentialOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<CredentialProtector>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<UserRepository>();
        services.AddSingleton<TaskReader>();
        services.AddSingleton<TaskHistoryRepository>();
        services.AddSingleton(provider => new HangfireScheduleRepository(
            provider.GetRequiredService<NpgsqlDataSource>()
        ));
        services.AddSingleton<TaskCatalogue>();
        services.AddSingleton<SyncLifecycleRepository>();
        services.AddKeyedSingleton(AcceptPool.Key, (provider, key) =>
            new SyncLifecycleRepository(
                provider.GetRequiredKeyedService<NpgsqlDataSource>(key),
                provider.GetRequiredService<ILogger<SyncLifecycleRepository>>()
            )
        );
        services.AddSingleton<ISyncJobStateWriter>(provider => provider.GetRequiredService<SyncLifecycleRepository>());
        services.AddSingleton<SyncJobRepository>();
        services.AddKeyedSingleton(AcceptPool.Key, (provider, key) =>
            new SyncJobRepository(provider.GetRequiredKeyedService<NpgsqlDataSource>(key))
        );
        services.AddSingleton<SyncAttemptRepository>();
        services.AddSingleton<DeadLetterRepository>();
        services.AddSingleton<SyncEventRepository>();
        services.AddSingleton<EventStreamRepository>();
        services.AddSingleton<EventTicketRepository>();
        services.AddSingleton<UserWriteBucketRepository>();
        services.AddSingleton<OAuthStateRepository>();
        services.AddSingleton<AuditLogRepository>();
        services.AddSingleton<ProviderConnectionRepository>();
        services.AddSingleton<IConnectionCredentialStore>(provider =>
            provider.GetRequiredService<ProviderConnectionRepository>()
        );
        return services;
    }

    /// <summary>
    /// A pool of <see cref="DatabaseOptions.MaxPoolSize"/> unless told otherwise. Connections keep Npgsql's reset on
    /// close: without it Hangfire.PostgreSql's long-polling listener, which LISTENs on pooled connections, left a
    /// fetched job stuck in 2 of 4 baseline runs (docs/sync-pipeline.md, Hangfire tuned for seconds). Statements run
    /// twice on a connection are prepared on it, ours and Hangfire's: PostgreSQL then parses and plans them once, and
    /// the reset of a connection holding prepared statements leaves the plans our database functions cached in place
    /// (DISCARD ALL would drop them; docs/benchmark.md, Prepared statements).
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(
        DatabaseOptions options,
        int? maxPoolSize = null,
        string? poolName = null,
        string? sessionOptions = null
    )
    {
        var connectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            MaxPoolSize = maxPoolSize ?? options.MaxPoolSize,
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
        };
        if (sessionOptions is not null)
            connectionString.Options = $"{connectionString.Options} {sessionOptions}".Trim();
        // Names each pool in pg_stat_activity and in Npgsql's metrics.
        if (poolName is not null)
            connectionString.ApplicationName = $"{connectionString.ApplicationName} {poolName}".Trim();
        return NpgsqlDataSource.Create(connectionString.ConnectionString);
    }

    /// <summary>The key of Hangfire's own data source (<see cref="DatabaseOptions.HangfirePoolSize"/>).</summary>
    public const string HangfirePool = "hangfire";

    private static readonly SyncWorkerOptions ClientOnly = new() { Enabled = false };

    /// <summary>
    /// Hangfire's storage on <paramref name="dataSource"/>, with the job queue woken by one listener per process
    /// (<see cref="NotifiedJobQueueProvider"/>). The benchmark's baseline uses it too.
    /// </summary>
    public static PostgreSqlStorage CreateStorage(
        NpgsqlDataSource dataSource,
        SyncWorkerOptions options,
        string schema = "hangfire",
        bool prepareSchema = true
    )
    {
        var storageOptions = StorageOptions(options, schema);
        storageOptions.PrepareSchemaIfNecessary = prepareSchema;
        var outageWait = options.Enabled ? options.DatabaseOutageWait : TimeSpan.Zero;
        var storage = new PostgreSqlStorage(new DataSourceConnectionFactory(dataSource, outageWait), storageOptions);
        return NotifiedJobQueueProvider.Install(storage, storageOptions, dataSource, "default");
    }

    /// <summary>The storage settings every process uses; the benchmark's baseline uses them too.</summary>
    public static PostgreSqlStorageOptions StorageOptions(SyncWorkerOptions options, string schema = "hangfire") =>
        new()
        {
            SchemaName = schema,
            PrepareSchemaIfNecessary = true,
            // The library's long polling is off: NotifiedJobQueue sends the NOTIFY and listens once per process.
            EnableLongPolling = false,
            QueuePollInterval = options.QueuePollInterval,
            InvisibilityTimeout = options.InvisibilityTimeout,
            UseSlidingInvisibilityTimeout = true,
            // Hangfire's locks are rows, and one whose holder died with the database (or was killed) blocks its job's
            // state changes until it expires; every lock Hangfire takes here is held for milliseconds.
            DistributedLockTimeout = TimeSpan.FromSeconds(10),
        };
}
