namespace Syntaskio.Providers.Inbound;

/// <summary>
/// One task as a vendor's change feed reports it: its status now (in our words and in the vendor's), when the vendor
/// last modified it, or that it was removed. <see cref="ModifiedAt"/> is the vendor's own clock, the same clock as
/// <see cref="ProviderWriteResult.VendorModifiedAt"/>, which is how our own writes are told apart from a person's.
/// </summary>
public sealed record VendorTaskChange(
    string Kind,
    string? ContainerId,
    string ExternalId,
    string? Title,
    TargetStatus? Status,
    string? VendorStatus,
    DateTimeOffset? ModifiedAt,
    bool Removed = false
);

/// <summary>
/// What changed since the cursor a feed was given, and the cursor to give it next time.
/// <see cref="CoversOnlyThisAccount"/> says whether every task the feed reports is the account's own (To Do's
/// lists), so a task new to us is added; a feed of a whole company's records (ConnectWise's ticket search) only
/// updates the tasks the person already has. <see cref="Containers"/> are the containers the feed read (To Do's lists),
/// for a vendor that notifies changes per container.
/// </summary>
public sealed record TaskChangePage(
    IReadOnlyList<VendorTaskChange> Changes,
    string Cursor,
    bool CoversOnlyThisAccount = true,
    IReadOnlyList<string>? Containers = null
);
