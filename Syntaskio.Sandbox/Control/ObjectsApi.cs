namespace Syntaskio.Sandbox.Control;

public static class ObjectsApi
{
    public static void MapObjectsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/_sandbox/objects/{provider}/{externalId}/edit", EditObject);
        app.MapGet("/_sandbox/objects/{provider}/{**externalId}", GetObject);
    }

    /// <summary>POST {"status": ...}: someone edits the object at the vendor. externalId URL-encoded.</summary>
    public static IResult EditObject(
        string provider,
        string externalId,
        ObjectEdit edit,
        IEnumerable<ISandboxObjectStore> stores,
        TimeProvider time
    )
    {
        var store = stores.FirstOrDefault(candidate =>
            string.Equals(candidate.Provider, provider, StringComparison.OrdinalIgnoreCase)
        );
        if (store is null)
            return TypedResults.Problem(statusCode: 404, title: $"Unknown provider '{provider}'");
        var id = Uri.UnescapeDataString(externalId);
        if (string.IsNullOrEmpty(edit.Status) || !store.Edit(id, edit.Status, time.GetUtcNow()))
            return TypedResults.Problem(
                statusCode: 404,
                title: $"No {provider} object '{id}' that can take status '{edit.Status}'"
            );
        return TypedResults.Ok(store.Find(id));
    }

    /// <summary>externalId exactly as Syntaskio's GET /api/tasks reports it, URL-encoded or not.</summary>
    public static IResult GetObject(string provider, string externalId, IEnumerable<ISandboxObjectStore> stores)
    {
        var store = stores.FirstOrDefault(candidate =>
            string.Equals(candidate.Provider, provider, StringComparison.OrdinalIgnoreCase)
        );
        if (store is null)
            return TypedResults.Problem(statusCode: 404, title: $"Unknown provider '{provider}'");
        var view = store.Find(Uri.UnescapeDataString(externalId));
        return view is null
            ? TypedResults.Problem(statusCode: 404, title: $"No {provider} object '{externalId}'")
            : TypedResults.Ok(view);
    }
}

public sealed record ObjectEdit(string? Status);
