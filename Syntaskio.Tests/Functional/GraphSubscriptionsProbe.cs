using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;
using static Syntaskio.Tests.Functional.InboundScenario;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// The Graph subscriptions the emulator holds, and a worker that learns of changes by notification only.
/// </summary>
internal static class GraphSubscriptionsProbe
{
    /// <summary>A watching worker whose fallbacks (the poll, the recheck) are an hour away.</summary>
    public static Dictionary<string, string> NotifiedOnly(IsolatedDeployment deployment) =>
        new(Watching)
        {
            ["Sync__Inbound__PublicBaseUrl"] = deployment.Api.BaseUrl.ToString(),
            ["Sync__Inbound__Microsoft__PollInterval"] = "01:00:00",
            ["Sync__Inbound__RecheckInterval"] = "01:00:00",
        };

    // The emulator's subscription to the list, once the worker has made it.
    public static async Task<JsonObject> SubscriptionOfAsync(string listId) =>
        (
            await Eventually.ReturnsAsync(
                () => HeldForAsync(listId),
                held => held.Count == 1,
                TimeSpan.FromSeconds(15),
                $"one subscription to {listId}"
            )
        )[0];

    public static async Task<List<JsonObject>> HeldForAsync(string listId) =>
        (await TestEnvironment.Sandbox.Control.GetFromJsonAsync<JsonArray>("/_sandbox/microsoft/subscriptions"))!
            .Select(each => each!.AsObject())
            .Where(each => (string?)each["resource"] == $"/me/todo/lists/{listId}/tasks")
            .ToList();
}
