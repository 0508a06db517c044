namespace Syntaskio.Providers.ConnectWise;

/// <summary>
/// A ticket's status in our three words, and the board status a started ticket is moved to. ConnectWise names
/// statuses per board: a closed one is done, the board's default is not started, and any other open one is being
/// worked on. Each board's statuses are read once and cached (<see cref="ConnectWiseBoardStatusCache"/>).
/// </summary>
internal sealed class ConnectWiseStatusMap(
    ConnectWiseSession session,
    ConnectWiseBoardStatusCache cache,
    ConnectWiseOptions options
)
{
    private static readonly string[] InProgressWords = ["progress", "doing", "working", "started"];

    public async Task<TargetStatus> OursAsync(CwTicket ticket, CancellationToken cancellationToken)
    {
        if (ticket.ClosedFlag)
            return TargetStatus.Completed;
        if (ticket.Board?.Id is not { } boardId || ticket.Status?.Id is not { } statusId)
            return TargetStatus.Pending;
        var status = (await StatusesAsync(boardId, cancellationToken)).FirstOrDefault(each => each.Id == statusId);
        return status is null || status.DefaultFlag ? TargetStatus.Pending : TargetStatus.InProgress;
    }

    /// <summary>
    /// The configured status of the board (or of every board), else the first open, non-default status by
    /// sortOrder whose name reads as in progress.
    /// </summary>
    public async Task<int> InProgressStatusAsync(int boardId, CancellationToken cancellationToken)
    {
        var statuses = await StatusesAsync(boardId, cancellationToken);
        var open = statuses.Where(status => !status.ClosedStatus && !status.DefaultFlag).OrderBy(s => s.SortOrder);
        var named = options.InProgressStatusByBoard.GetValueOrDefault(boardId) ?? options.InProgressStatus;
        var chosen = named is null
            ? open.FirstOrDefault(status => ReadsAsInProgress(status.Name))
            : open.FirstOrDefault(status => string.Equals(status.Name, named, StringComparison.OrdinalIgnoreCase));
        return chosen?.Id
            ?? throw new PermanentProviderException(
                named is null
                    ? $"ConnectWise board {boardId} has no open status that reads as in progress: name one in "
                        + "Providers:ConnectWise:InProgressStatusByBoard."
                    : $"ConnectWise board {boardId} has no open, non-default status named '{named}'.",
                errorCode: "unsupported"
            );
    }

    /// <summary>The board's first closed status by sortOrder: where a completed ticket goes.</summary>
    public async Task<int> ClosedStatusAsync(int boardId, CancellationToken cancellationToken) =>
        (await StatusesAsync(boardId, cancellationToken))
            .Where(status => status.ClosedStatus)
            .OrderBy(status => status.SortOrder)
            .FirstOrDefault()
            ?.Id
        ?? throw new PermanentProviderException($"ConnectWise board {boardId} has no closed status.");

    /// <summary>The board's default status: where a reopened ticket goes when there is no status to restore.</summary>
    public async Task<int> DefaultStatusAsync(int boardId, CancellationToken cancellationToken) =>
        (await StatusesAsync(boardId, cancellationToken)).FirstOrDefault(status => status.DefaultFlag)?.Id
        ?? throw new PermanentProviderException($"ConnectWise board {boardId} has no default status.");

    private static bool ReadsAsInProgress(string name) =>
        InProgressWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

    private Task<IReadOnlyList<CwBoardStatus>> StatusesAsync(int boardId, CancellationToken cancellationToken) =>
        cache.GetAsync(session.Site, boardId, async () =>
            await session.GetAsync<List<CwBoardStatus>>(
                $"service/boards/{boardId}/statuses",
                cancellationToken,
                ("pageSize", "1000")
            )
        );
}
