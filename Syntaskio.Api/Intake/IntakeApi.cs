using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Syntaskio.Api.Auth;
using Syntaskio.Jobs.Intake;

namespace Syntaskio.Api.Intake;

public static class IntakeApi
{
    // 1,000 tasks with long titles; every other route keeps the 64 KB cap.
    private const long MaxBodyBytes = 2 * 1024 * 1024;

    public static RouteGroupBuilder MapIntakeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/intake").RequireAuthorization(IntakePolicy.Name).WithTags("Intake");
        api.MapPut("/users/{subject}/tasks", PutTasks)
            .WithName("putIntakeTasks")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithSummary("Hand a person's tasks in (the task service only)")
            .WithDescription("Upserts by (source, kind, externalId) and removes the listed ones, all or nothing.");
        return api;
    }

    /// <summary>
    /// The task aggregation service hands over a person's tasks: the user is created on first sight, tasks are upserted
    /// by (source, kind, externalId) and removed ones deleted, all or nothing. Repeating a call changes nothing.
    /// </summary>
    public static async Task<Results<Ok<IntakeResponse>, ValidationProblem>> PutTasks(
        string subject,
        IntakeRequest request,
        TaskIntake intake,
        CancellationToken cancellationToken
    )
    {
        var errors = IntakeValidation.Validate(subject, request, out var upserts, out var removals);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The intake was refused; nothing was written");
        var result = await intake.ApplyAsync(subject, request.Email, upserts, removals, cancellationToken);
        return TypedResults.Ok(new IntakeResponse(result.Created, result.Updated, result.Removed));
    }
}
