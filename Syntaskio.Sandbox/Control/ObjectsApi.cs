namespace Syntaskio.Sandbox.Control;

public static class ObjectsApi
{
    public static void MapObjectsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/_sandbox/objects/{provider}/{**externalId}", GetObject);

    /// <summary>externalId exactly as Syntaskio's GET /api/tasks reports it, URL-encoded or not.</summary>
    public static IResult GetObject(string provider, string externalId, IEnumerable<ISandboxObjectStore> stores)
    {
        var store = stores.FirstOrDefault(candidate => string.Equals(candidate.Provider, provider, StringComparison.OrdinalIgnoreCase));
        if (store is null) return TypedResults.Problem(statusCode: 404, title: $"Unknown provider '{provider}'");
        var view = store.Find(Uri.UnescapeDataString(externalId));
        return view is null
            ? TypedResults.Problem(statusCode: 404, title: $"No {provider} object '{externalId}'")
            : TypedResults.Ok(view);
    }
}
