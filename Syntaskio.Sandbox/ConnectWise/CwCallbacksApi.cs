using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.ConnectWise;

/// <summary>
/// POST, GET and DELETE /system/callbacks[/{id}] for the calling member's company: a callback of a type (only
/// "ticket" is delivered here) at a level, POSTed to its URL with the record's id appended. GET
/// /_sandbox/connectwise/callbacks/deliveries shows what was sent; POST /_sandbox/connectwise/callbacks/{id}/deactivate
/// disables one, as ConnectWise does after days of failures.
/// </summary>
public static class CwCallbacksApi
{
    private static readonly string[] Types = ["ticket", "project", "company", "contact", "opportunity", "activity"];
    private static readonly string[] Levels = ["owner", "board", "status", "company", "project"];

    public static void MapConnectWiseCallbacks(this RouteGroupBuilder api, IEndpointRouteBuilder app)
    {
        api.MapPost("/system/callbacks", Create);
        api.MapGet("/system/callbacks/{id:int}", Get);
        api.MapDelete("/system/callbacks/{id:int}", Delete);
        app.MapGet("/_sandbox/connectwise/callbacks", (string companyId, CwCallbackStore callbacks) => TypedResults.Ok(
                callbacks
                    .OfCompany(companyId)
                    .Select(callback => new
                    {
                        callback.Id,
                        callback.Url,
                        callback.Level,
                        callback.InactiveFlag,
                    })
            ));
        app.MapGet("/_sandbox/connectwise/callbacks/deliveries", (CwCallbackStore callbacks) =>
            TypedResults.Ok(callbacks.Deliveries)
        );
        app.MapPost("/_sandbox/connectwise/callbacks/{id:int}/deactivate", (int id, CwCallbackStore callbacks) =>
            callbacks.Deactivate(id) ? Results.NoContent() : Results.NotFound()
        );
    }

    public static IResult Create(
        HttpContext context,
        CwCallbackRequest request,
        CwStore store,
        CwCallbackStore callbacks
    )
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out _))
            return CwApi.Error(
                400,
                "InvalidObject",
                "callback object is invalid",
                "Required",
                "url",
                "url is required."
            );
        if (!Types.Contains(request.Type) || !Levels.Contains(request.Level))
            return CwApi.Error(
                400,
                "InvalidObject",
                "callback object is invalid",
                "InvalidField",
                "type",
                "type and level must be known values."
            );
        var callback = callbacks.Add(store.CompanyOf(authorization) ?? "", authorization, request);
        return CwJson.Answer(Render(callback), statusCode: 201);
    }

    public static IResult Get(HttpContext context, int id, CwStore store, CwCallbackStore callbacks) =>
        callbacks.Find(CompanyOf(context, store), id) is { } callback
            ? CwJson.Answer(Render(callback))
            : CwApi.Error(404, "NotFound", $"Callback recId {id} not found.");

    public static IResult Delete(HttpContext context, int id, CwStore store, CwCallbackStore callbacks) =>
        callbacks.Remove(CompanyOf(context, store), id)
            ? Results.NoContent()
            : CwApi.Error(404, "NotFound", $"Callback recId {id} not found.");

    private static string CompanyOf(HttpContext context, CwStore store) =>
        store.CompanyOf(context.Request.Headers.Authorization.ToString()) ?? "";

    // As CallbackEntry describes it: a description only when one was given.
    private static JsonObject Render(CwCallback callback)
    {
        var json = new JsonObject
        {
            ["id"] = callback.Id,
            ["url"] = callback.Url,
            ["objectId"] = callback.ObjectId,
            ["type"] = callback.Type,
            ["level"] = callback.Level,
            ["memberId"] = 243,
            ["payloadVersion"] = "3.0.0",
            ["inactiveFlag"] = callback.InactiveFlag,
            ["isSoapCallbackFlag"] = false,
            ["isSelfSuppressedFlag"] = callback.IsSelfSuppressedFlag,
            ["_info"] = new JsonObject
            {
                ["lastUpdated"] = callback.LastUpdated.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                ["updatedBy"] = "api",
            },
        };
        if (callback.Description is { } description)
            json["description"] = description;
        return json;
    }
}
