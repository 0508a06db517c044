using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs.Lifecycle;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>
/// SyncLifecycleRepository.ApplyVendorChangeAsync's rules, on the real database: news, echoes, changes in flight.
/// </summary>
public sealed class VendorChangeTests
{
    private static readonly DateTimeOffset OurWrite = DateTimeOffset.UtcNow.AddMinutes(-1);

    private static SyncLifecycleRepository Tasks =>
        TestEnvironment.Api.Services.GetRequiredService<SyncLifecycleRepository>();

    [Test]
    public async Task ApplyVendorChange_AnnouncesTheNewStatus_WhenItIsNewerThanOurLastWrite()
    {
        var (user, change) = await TaskWithOurWriteAsync();

        var outcome = await Tasks.ApplyVendorChangeAsync(
            change with
            {
                Status = "completed",
                ModifiedAt = OurWrite.AddSeconds(1),
            },
            CancellationToken.None
        );

        Assert.That(outcome, Is.EqualTo(VendorChangeOutcome.Applied));
        Assert.That(await StatusAsync(user), Is.EqualTo("completed"));
        Assert.That(await EventsAsync(user), Is.EqualTo(1));
    }

    [TestCase(0, TestName = "ApplyVendorChange_DropsIt_WhenItIsOurOwnWriteComingBack")]
    [TestCase(-30, TestName = "ApplyVendorChange_DropsIt_WhenItIsOlderThanOurLastWrite")]
    public async Task ApplyVendorChange_DropsIt_WhenItIsNotNewer(int secondsAfterOurWrite)
    {
        var (user, change) = await TaskWithOurWriteAsync();

        var outcome = await Tasks.ApplyVendorChangeAsync(
            change with
            {
                Status = "completed",
                ModifiedAt = OurWrite.AddSeconds(secondsAfterOurWrite),
            },
            CancellationToken.None
        );

        Assert.That(outcome, Is.EqualTo(VendorChangeOutcome.Kept));
        Assert.That(await StatusAsync(user), Is.EqualTo("pending"));
        Assert.That(await EventsAsync(user), Is.Zero);
    }

    [Test]
    public async Task ApplyVendorChange_KeepsThePersonsChange_WhenItIsInFlight()
    {
        var (user, change) = await TaskWithOurWriteAsync();
        await DatabaseProbe.CountAsync(
            """
            WITH bumped AS (UPDATE tasks SET version = version + 1, status = 'in_progress' WHERE id = @task RETURNING
                id, user_id, version)
            INSERT INTO sync_jobs (task_id, user_id, source, action, target_status, task_version, status)
            SELECT id, user_id, 'microsoft', 'start', 'in_progress', version, 'pending' FROM bumped RETURNING 1
            """,
            ("task", user.Tasks[0].Id)
        );

        var outcome = await Tasks.ApplyVendorChangeAsync(
            change with
            {
                Status = "completed",
                ModifiedAt = OurWrite.AddMinutes(5),
            },
            CancellationToken.None
        );

        Assert.That(outcome, Is.EqualTo(VendorChangeOutcome.Kept));
        Assert.That(await StatusAsync(user), Is.EqualTo("in_progress"));
    }

    [Test]
    public async Task ApplyVendorChange_KeepsThePersonsChange_WhenItCommitsWhileTheVendorChangeWaitsForTheTask()
    {
        var (user, change) = await TaskWithOurWriteAsync();
        // The person's change, as SyncLifecycleRepository.RecordChangeAsync makes it, holding the task's row until it
        // commits.
        await using var person = new Npgsql.NpgsqlConnection(TestEnvironment.ConnectionString);
        await person.OpenAsync();
        await using var transaction = await person.BeginTransactionAsync();
        await using (
            var record = new Npgsql.NpgsqlCommand(
                """
                WITH bumped AS (UPDATE tasks SET version = version + 1, status = 'completed' WHERE id = @task
                                RETURNING id, user_id, version)
                INSERT INTO sync_jobs (task_id, user_id, source, action, target_status, task_version, status)
                SELECT id, user_id, 'microsoft', 'complete', 'completed', version, 'pending' FROM bumped
                """,
                person,
                transaction
            )
        )
        {
            record.Parameters.AddWithValue("task", user.Tasks[0].Id);
            await record.ExecuteNonQueryAsync();
        }

        var vendorChange = Tasks.ApplyVendorChangeAsync(
            change with
            {
                Status = "pending",
                VendorStatus = "inProgress",
                ModifiedAt = OurWrite.AddMinutes(5),
            },
            CancellationToken.None
        );
        await Eventually.ReturnsAsync(
            () =>
                DatabaseProbe.CountAsync(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%in_flight%'"
                ),
            waiting => waiting == 1,
            TimeSpan.FromSeconds(10),
            "the vendor change waiting for the task's lock"
        );
        await transaction.CommitAsync();

        Assert.That(await vendorChange, Is.EqualTo(VendorChangeOutcome.Kept));
        Assert.That(await StatusAsync(user), Is.EqualTo("completed"), "the person's change stands");
        Assert.That(await EventsAsync(user), Is.Zero);
    }

    [Test]
    public async Task ApplyVendorChange_SaysMissing_WhenTheTaskIsNewAtTheVendor()
    {
        var (_, change) = await TaskWithOurWriteAsync();

        Assert.That(
            await Tasks.ApplyVendorChangeAsync(change with { ExternalId = "not-here-yet" }, CancellationToken.None),
            Is.EqualTo(VendorChangeOutcome.Missing)
        );
    }

    // A pending task whose last confirmed write left it at the vendor at OurWrite.
    private static async Task<(TestUser User, VendorChange Change)> TaskWithOurWriteAsync()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        await DatabaseProbe.CountAsync(
            "WITH written AS (UPDATE tasks SET vendor_status = 'notStarted', vendor_modified_at = @at WHERE id = "
                + "@task RETURNING 1) SELECT COUNT(*) FROM written",
            ("at", OurWrite),
            ("task", user.Tasks[0].Id)
        );
        var (listId, taskId) = (user.Tasks[0].ExternalId.Split('/')[0], user.Tasks[0].ExternalId.Split('/')[1]);
        return (
            user,
            new VendorChange(
                user.UserId,
                "microsoft",
                "todo_task",
                listId,
                taskId,
                null,
                "pending",
                "completed",
                OurWrite
            )
        );
    }

    private static Task<string?> StatusAsync(TestUser user) =>
        DatabaseProbe.ScalarAsync("SELECT status FROM tasks WHERE id = @task", ("task", user.Tasks[0].Id));

    private static Task<long> EventsAsync(TestUser user) =>
        DatabaseProbe.CountAsync(
            "SELECT COUNT(*) FROM sync_events WHERE task_id = @task AND type = 'task.changed'",
            ("task", user.Tasks[0].Id)
        );
}
