using System.Text.Json;
using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.ConnectWise;

/// <summary>
/// ConnectWise Manage REST routes under /connectwise/v4_6_release/apis/3.0: tickets (service and project), ticket
/// tasks and board statuses, with Basic + clientId authentication, JSON Patch writes and ConnectWise error bodies.
/// </summary>
public static class CwApi
{
    public const string BasePath = "/connectwise/v4_6_release/apis/3.0";

    public static void MapConnectWiseApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(BasePath).AddEndpointFilter(Authenticate);
        foreach (var (segment, project) in new[] { ("service", false), ("project", true) })
        {
            api.MapGet(
                $"/{segment}/tickets",
                (HttpContext context, string? conditions, int? page, int? pageSize, CwStore store) =>
                    CwTicketSearch.List(
                        store,
                        store.CompanyOf(context.Request.Headers.Authorization.ToString()),
                        project,
                        conditions,
                        page,
                        pageSize
                    )
            );
            api.MapGet($"/{segment}/tickets/{{id:int}}", (int id, CwStore store) => GetTicket(store, id, project));
            api.MapPatch(
                $"/{segment}/tickets/{{id:int}}",
                (HttpContext context, int id, CwStore store, TimeProvider time) =>
                    PatchTicket(context, store, time, id, project)
            );
            api.MapGet($"/{segment}/tickets/{{id:int}}/tasks/{{taskId:int}}", (int id, int taskId, CwStore store) =>
                GetTask(store, id, taskId, project)
            );
            api.MapPatch(
                $"/{segment}/tickets/{{id:int}}/tasks/{{taskId:int}}",
                (HttpContext context, int id, int taskId, CwStore store, TimeProvider time) =>
                    PatchTask(context, store, time, id, taskId, project)
            );
        }
        api.MapGet("/service/boards/{boardId:int}/statuses", GetStatuses);
        api.MapConnectWiseCallbacks(app);
        // What any valid API member can read: the server's version and where it runs.
        api.MapGet("/system/info", () => CwJson.Answer(
                new
                {
                    version = "v2025.1.10431",
                    isCloud = true,
                    serverTimeZone = "Eastern Standard Time",
                    licenseBits = Array.Empty<object>(),
                    cloudRegion = "NA",
                }
            ));
    }

    private static async ValueTask<object?> Authenticate(
        EndpointFilterInvocationContext invocation,
        EndpointFilterDelegate next
    )
    {
        var request = invocation.HttpContext.Request;
        var store = invocation.HttpContext.RequestServices.GetRequiredService<CwStore>();
        if (store.IsAuthorized(request.Headers.Authorization.ToString(), request.Headers["clientId"].ToString()))
            return await next(invocation);
        await CwErrors.Write(invocation.HttpContext, 401);
        return Results.Empty;
    }

    public static IResult GetTicket(CwStore store, int id, bool project)
    {
        if (store.Ticket(id, project) is not { } ticket)
            return NotFound("ticket", id);
        lock (ticket.Sync)
            return CwJson.Answer(CwJson.Ticket(ticket, store.Board(ticket.BoardId)!, store.StatusOf(ticket)));
    }

    public static IResult GetTask(CwStore store, int id, int taskId, bool project)
    {
        if (store.Ticket(id, project) is not { } ticket)
            return NotFound("ticket", id);
        lock (ticket.Sync)
            return ticket.Tasks.TryGetValue(taskId, out var task)
                ? CwJson.Answer(CwJson.Task(ticket, task))
                : NotFound("task", taskId);
    }

    public static IResult GetStatuses(int boardId, string? conditions, CwStore store)
    {
        if (store.Board(boardId) is not { } board)
            return NotFound("board", boardId);
        var filter = CwConditions.Parse(conditions);
        if (filter is null)
            return Error(400, "InvalidObject", $"The conditions '{conditions}' could not be parsed.");
        return CwJson.Answer(
            new JsonArray(
                board
                    .Statuses.Select((status, index) => (status, index))
                    .Where(pair => filter(pair.status))
                    .Select(pair => (JsonNode)CwJson.Status(board, pair.status, pair.index))
                    .ToArray()
            )
        );
    }

    public static async Task<IResult> PatchTicket(
        HttpContext context,
        CwStore store,
        TimeProvider time,
        int id,
        bool project
    )
    {
        if (store.Ticket(id, project) is not { } ticket)
            return NotFound("ticket", id);
        if (await CwPatch.ReadAsync(context) is not { } operations)
            return Error(400, "InvalidObject", "The body must be a JSON Patch array.");
        var board = store.Board(ticket.BoardId)!;
        JsonObject body;
        lock (ticket.Sync)
        {
            foreach (var operation in operations)
            {
                if (operation.Path != "status")
                    return Error(
                        400,
                        "InvalidObject",
                        $"Field '{operation.Path}' cannot be patched here.",
                        "InvalidField",
                        operation.Path
                    );
                var wanted = CwPatch.StatusReference(operation.Value, board);
                if (wanted is null)
                    return Error(
                        400,
                        "InvalidObject",
                        "ticket object is invalid",
                        "NotFound",
                        "status/id",
                        $"The status is not valid for board {board.Name}."
                    );
                if (wanted.ClosedStatus && board.CloseRefusedFromStatusId == ticket.StatusId)
                    return Error(
                        400,
                        "InvalidObject",
                        "ticket object is invalid",
                        "WorkflowRule",
                        "status/id",
                        $"Workflow rules of board {board.Name} do not allow closing from status "
                            + $"'{store.StatusOf(ticket).Name}'."
                    );
                ticket.StatusId =
                    wanted.ClosedStatus && board.CloseApprovalStatusId is { } approval ? approval : wanted.Id;
            }
            ticket.Writes++;
            ticket.LastWriteAt = ticket.LastUpdated = time.GetUtcNow();
            body = CwJson.Ticket(ticket, board, store.StatusOf(ticket));
        }
        store.Changed(ticket, context.Request.Headers.Authorization.ToString());
        return CwJson.Answer(body);
    }

    public static async Task<IResult> PatchTask(
        HttpContext context,
        CwStore store,
        TimeProvider time,
        int id,
        int taskId,
        bool project
    )
    {
        if (store.Ticket(id, project) is not { } ticket)
            return NotFound("ticket", id);
        if (await CwPatch.ReadAsync(context) is not { } operations)
            return Error(400, "InvalidObject", "The body must be a JSON Patch array.");
        lock (ticket.Sync)
        {
            if (!ticket.Tasks.TryGetValue(taskId, out var task))
                return NotFound("task", taskId);
            foreach (var operation in operations)
            {
                if (
                    operation.Path != "closedFlag"
                    || operation.Value?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)
                )
                    return Error(
                        400,
                        "InvalidObject",
                        "task object is invalid",
                        "InvalidField",
                        operation.Path,
                        "Only closedFlag (true or false) can be patched."
                    );
                task.ClosedFlag = operation.Value.GetValue<bool>();
            }
            task.Writes++;
            task.LastWriteAt = time.GetUtcNow();
            return CwJson.Answer(CwJson.Task(ticket, task));
        }
    }

    private static IResult NotFound(string resource, int id) =>
        Error(404, "NotFound", $"{char.ToUpperInvariant(resource[0])}{resource[1..]} recId {id} not found.");

    internal static IResult Error(
        int status,
        string code,
        string message,
        string? detailCode = null,
        string? field = null,
        string? detailMessage = null
    ) =>
        new CwErrorResult(
            status,
            code,
            message,
            detailCode is null ? null : CwErrors.Detail(detailCode, detailMessage ?? message, "ticket", field ?? "")
        );

    private sealed class CwErrorResult(int status, string code, string message, JsonArray? errors) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => CwErrors.Write(httpContext, status, code, message, errors);
    }
}
