using System.Diagnostics;
using Npgsql;
using Syntaskio.Jobs.Hosting;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>
/// Hangfire's connections wait out a database restart in a worker process, and resume within a poll of it
/// answering; an API-only node's fail at once.
/// </summary>
public sealed class DataSourceConnectionFactoryTests
{
    [Test]
    public async Task GetOrCreateConnection_ReturnsWithinAPollOfTheDatabaseAnswering_WhenItWasAway()
    {
        await using var postgres = await TemporaryPostgres.StartAsync();
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        var factory = new DataSourceConnectionFactory(dataSource, TimeSpan.FromSeconds(60));
        await postgres.CrashServerAsync();

        var opening = Task.Run(factory.GetOrCreateConnection);
        var early = await Task.WhenAny(opening, Task.Delay(TimeSpan.FromSeconds(1)));
        Assert.That(early, Is.Not.SameAs(opening), "a connection while the database was down");
        await postgres.StartServerAsync();
        var databaseBack = Stopwatch.StartNew();
        await using var connection = await opening.WaitAsync(TimeSpan.FromSeconds(30));
        var late = databaseBack.Elapsed;

        TestContext.Out.WriteLine($"connection {late.TotalMilliseconds:0} ms after the database answered");
        Assert.That(late, Is.LessThanOrEqualTo(TimeSpan.FromMilliseconds(400)), "one 250 ms poll, and the open");
        await using var ping = new NpgsqlCommand("SELECT 1", connection);
        Assert.That(await ping.ExecuteScalarAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task GetOrCreateConnection_ThrowsAtOnce_WhenNoWaitIsSet()
    {
        await using var postgres = await TemporaryPostgres.StartAsync();
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        var factory = new DataSourceConnectionFactory(dataSource, TimeSpan.Zero);
        await postgres.CrashServerAsync();

        var opening = Stopwatch.StartNew();
        Assert.Throws<NpgsqlException>(() => factory.GetOrCreateConnection());
        Assert.That(opening.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "no wait on an API-only node");
    }
}
