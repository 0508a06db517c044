using Syntaskio.Jobs;
using Syntaskio.Jobs.Intake;

namespace Syntaskio.Api.Intake;

/// <summary>Checks a whole intake call before anything is written; every error names the item's index.</summary>
public static class IntakeValidation
{
    public const int MaxTasks = 1000;
    private const int MaxLength = 1000;
    private static readonly string[] Statuses =
    [
        TaskStatusNames.Pending,
        TaskStatusNames.InProgress,
        TaskStatusNames.Completed,
    ];

    public static Dictionary<string, string[]> Validate(
        string subject,
        IntakeRequest request,
        out List<IntakeTask> upserts,
        out List<IntakeRemoval> removals
    )
    {
        var errors = new Dictionary<string, string[]>();
        upserts = [];
        removals = [];
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > 200)
            errors["subject"] = ["subject must be the user's token subject."];
        if (request.Email is { Length: > 320 })
            errors["email"] = ["email is too long."];
        var items = request.Tasks ?? [];
        if (items.Count > MaxTasks)
            errors["tasks"] = [$"At most {MaxTasks} tasks a call."];
        var seen = new HashSet<(string, string, string?, string)>();
        for (var index = 0; index < items.Count && errors.Count < 50; index++)
        {
            var item = items[index];
            string Field(string name) => $"tasks[{index}].{name}";
            if (item is null || string.IsNullOrEmpty(item.Source) || !TaskKinds.Sources.Contains(item.Source))
            {
                errors[Field("source")] = [$"source must be one of {string.Join(", ", TaskKinds.Sources)}."];
                continue;
            }
            if (item.Removed == true)
            {
                if (Address(item, containerKnown: null) is { } gone)
                    removals.Add(new IntakeRemoval(item.Source, gone.Container, gone.Id));
                else
                    errors[Field("externalId")] = ["externalId is required."];
                continue;
            }
            if (item.Kind is null || TaskKinds.HasContainer(item.Source, item.Kind) is not { } contained)
            {
                errors[Field("kind")] =
                [
                    $"kind must be one of {string.Join(", ", TaskKinds.Of(item.Source))} for {item.Source}.",
                ];
                continue;
            }
            if (Address(item, contained) is not { } address)
                errors[Field("externalId")] =
                [
                    contained
                        ? "externalId must be \"{container}/{id}\" (or give containerId)."
                        : "externalId is required.",
                ];
            else if (string.IsNullOrWhiteSpace(item.Title) || item.Title.Length > MaxLength)
                errors[Field("title")] = ["title is required (at most 1000 characters)."];
            else if (item.Status is null || !Statuses.Contains(item.Status))
                errors[Field("status")] = [$"status must be one of {string.Join(", ", Statuses)}."];
            else if (item.VendorStatus is { Length: > 200 })
                errors[Field("vendorStatus")] = ["vendorStatus is too long."];
            else if (!seen.Add((item.Source, item.Kind, address.Container, address.Id)))
                errors[Field("externalId")] = ["The same task is listed twice."];
            else
                upserts.Add(
                    new IntakeTask(
                        item.Source,
                        item.Kind,
                        address.Container,
                        address.Id,
                        item.Title,
                        item.Status,
                        item.VendorStatus
                    )
                );
        }
        return errors;
    }

    /// <summary>The task's container and id; <paramref name="containerKnown"/> null when either form will do.</summary>
    private static (string? Container, string Id)? Address(IntakeItem item, bool? containerKnown)
    {
        if (string.IsNullOrEmpty(item.ExternalId) || item.ExternalId.Length > MaxLength)
            return null;
        if (!string.IsNullOrEmpty(item.ContainerId))
            return containerKnown == false ? null : (item.ContainerId, item.ExternalId);
        var slash = item.ExternalId.IndexOf('/');
        if (containerKnown == false)
            return slash < 0 ? (null, item.ExternalId) : null;
        if (slash <= 0 || slash == item.ExternalId.Length - 1)
            return containerKnown == true ? null : (null, item.ExternalId);
        return (item.ExternalId[..slash], item.ExternalId[(slash + 1)..]);
    }
}
