namespace Syntaskio.Api.Tasks;

/// <summary>
/// One string for a vendor object's address: "{container}/{id}" (a To Do list and task, a ticket and its task, a
/// process and its step) or just "{id}" for objects that stand alone, such as a ticket.
/// </summary>
public static class ExternalIds
{
    public static string Compose(string? containerId, string id) => containerId is null ? id : $"{containerId}/{id}";
}
