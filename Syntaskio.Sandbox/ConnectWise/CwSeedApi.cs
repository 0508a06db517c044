using System.Text;

namespace Syntaskio.Sandbox.ConnectWise;

/// <summary>
/// POST /_sandbox/objects/connectwise: an API member, boards with their statuses, tickets and their tasks.
/// </summary>
public static class CwSeedApi
{
    public static void MapConnectWiseSeed(this IEndpointRouteBuilder app) =>
        app.MapPost("/_sandbox/objects/connectwise", Seed);

    public static IResult Seed(CwSeedRequest request, CwStore store, TimeProvider time)
    {
        if (request.Member is { } member)
        {
            var authorization =
                "Basic "
                + Convert.ToBase64String(
                    Encoding.UTF8.GetBytes($"{member.CompanyId}+{member.PublicKey}:{member.PrivateKey}")
                );
            store.AddMember(authorization, member.ClientId, member.CompanyId);
        }
        foreach (var board in request.Boards ?? [])
            store.AddBoard(board);
        foreach (var seed in request.Tickets ?? [])
        {
            var board = store.Board(seed.BoardId);
            if (board is null || board.Statuses.All(status => status.Id != seed.StatusId))
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]>
                    {
                        ["tickets"] = [$"Ticket {seed.Id}: board {seed.BoardId} or status {seed.StatusId} is unknown."],
                    }
                );
            var ticket = new CwTicket
            {
                Id = seed.Id,
                CompanyId = request.Member?.CompanyId,
                Summary = seed.Summary ?? $"Ticket {seed.Id}",
                Project = seed.Project,
                BoardId = seed.BoardId,
                StatusId = seed.StatusId,
                LastUpdated = time.GetUtcNow(),
            };
            foreach (var task in seed.Tasks ?? [])
                ticket.Tasks[task.Id] = new CwTicketTask
                {
                    Id = task.Id,
                    Notes = task.Notes ?? $"Task {task.Id}",
                    ClosedFlag = task.ClosedFlag,
                };
            store.AddTicket(ticket);
        }
        return TypedResults.Created("/_sandbox/objects/connectwise");
    }
}

public sealed record CwSeedRequest(CwMemberSeed? Member, List<CwBoard>? Boards, List<CwTicketSeed>? Tickets);

public sealed record CwMemberSeed(string CompanyId, string PublicKey, string PrivateKey, string ClientId);

public sealed record CwTicketSeed(
    int Id,
    string? Summary,
    bool Project,
    int BoardId,
    int StatusId,
    List<CwTaskSeed>? Tasks
);

public sealed record CwTaskSeed(int Id, string? Notes, bool ClosedFlag);
